// Loaded with `node --import` by bench/send.bench.js: reports the process's peak memory at exit.
process.on("exit", () => {
  process.stderr.write(`\nmaxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
