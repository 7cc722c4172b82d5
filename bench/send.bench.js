// `hooks send` speed and memory (issue 3). Whole process against whole process, in the same run:
//  - `hooks send <url> --event invoice.paid --count 30000 --concurrency 50` against a bare
//    node:http server, vs bench/send-bare-loop.js (a hand-written undici Pool loop that signs and
//    posts the same number of Standard Webhooks events). Target: hooks >= 0.85x the baseline.
//  - peak RSS of `hooks send --count 200000 --json` (target < 300 MB).
// Prints figures only; nothing here asserts timings.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const COUNT = Number(process.env.SEND_BENCH_COUNT ?? 30_000);
const MEMORY_COUNT = Number(process.env.SEND_BENCH_MEMORY_COUNT ?? 200_000);
const CONCURRENCY = 50;
const ROUNDS = Number(process.env.SEND_BENCH_ROUNDS ?? 3);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const BIN = fileURLToPath(new URL("../bin/hooks.js", import.meta.url));

async function startServer() {
  const child = spawn(process.execPath, [here("./send-bare-server.js")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = await once(child.stdout, "data");
  return { child, url: `http://127.0.0.1:${String(chunk).trim()}/webhooks` };
}

/** Runs a process to its end; resolves with wall time (ms), exit code, and stdout/stderr. */
function timed(args, { stdout = "ignore", env, keep = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", here("./send-usage.js"), ...args], {
      stdio: ["ignore", stdout, "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let out = "";
    const kept = [];
    let outBytes = 0;
    let err = "";
    child.stdout?.on("data", (chunk) => {
      outBytes += chunk.length;
      if (keep) kept.push(chunk);
      else if (out.length < 1_000) out += chunk;
    });
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const usage = /usage maxrss-kb=(\d+) cpu-us=(\d+)/.exec(err);
      resolve({
        ms: performance.now() - started,
        code,
        out,
        stdout: keep ? Buffer.concat(kept).toString("utf8") : out,
        outBytes,
        err,
        maxRssMb: Number(usage?.[1]) / 1024,
        cpuMs: Number(usage?.[2]) / 1000,
      });
    });
  });
}

const server = await startServer();
try {
  const hooksArgs = [
    BIN,
    "send",
    server.url,
    "--secret",
    SECRET,
    "--event",
    "invoice.paid",
    "--count",
    String(COUNT),
    "--concurrency",
    String(CONCURRENCY),
  ];
  const bareArgs = [
    here("./send-bare-loop.js"),
    server.url,
    String(COUNT),
    String(CONCURRENCY),
    SECRET,
  ];
  const best = {
    hooks: { ms: Infinity, cpuMs: Infinity },
    bare: { ms: Infinity, cpuMs: Infinity },
  };
  const contenders = { bare: bareArgs, hooks: hooksArgs };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate who goes first, so that neither always runs on a warmer (or busier) machine.
    const order = round % 2 === 0 ? ["bare", "hooks"] : ["hooks", "bare"];
    for (const name of order) {
      const run = await timed(contenders[name]);
      if (run.code !== 0) throw new Error(`${name} failed (exit ${run.code}): ${run.err}`);
      best[name].ms = Math.min(best[name].ms, run.ms);
      best[name].cpuMs = Math.min(best[name].cpuMs, run.cpuMs);
    }
  }
  const rate = (ms) => COUNT / (ms / 1000);
  const ratio = rate(best.hooks.ms) / rate(best.bare.ms);
  const line = (label, { ms, cpuMs }) =>
    `  ${label} ${Math.round(rate(ms))} events/s (${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU)`;
  console.log(
    `send ${COUNT} events, concurrency ${CONCURRENCY}, best of ${ROUNDS}, whole process incl. start-up`,
  );
  console.log(line("bare undici Pool loop:", best.bare));
  console.log(line("hooks send:           ", best.hooks));
  console.log(
    `  ratio: ${ratio.toFixed(2)}x events/s (target >= 0.85x) ${ratio >= 0.85 ? "ok" : "BELOW TARGET"}; CPU per event ${(best.bare.cpuMs / best.hooks.cpuMs).toFixed(2)}x of the baseline's efficiency`,
  );

  const memory = await timed(
    [
      ...hooksArgs.slice(0, 7),
      "--count",
      String(MEMORY_COUNT),
      "--concurrency",
      String(CONCURRENCY),
      "--json",
    ],
    { stdout: "pipe", keep: true },
  );
  const document = JSON.parse(memory.stdout);
  console.log(
    `send --count ${MEMORY_COUNT} --json: exit ${memory.code}, ${(memory.outBytes / 1e6).toFixed(1)} MB of JSON (testsRun ${document.data.testsRun}, ${document.data.tests.length} tests) in ${Math.round(memory.ms)} ms`,
  );
  const mb = memory.maxRssMb;
  console.log(
    `  peak RSS: ${mb.toFixed(0)} MB (target < 300 MB) ${mb < 300 ? "ok" : "ABOVE TARGET"}`,
  );
} finally {
  server.child.kill("SIGTERM");
}
