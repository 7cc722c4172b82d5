// Loaded with `node --import` by bench/send.bench.js: reports the process's peak memory and CPU
// time at exit, on stderr, for whichever process it is loaded into.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nusage maxrss-kb=${usage.maxRSS} cpu-us=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
