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
const ROUNDS = 2;
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
function timed(args, { stdout = "ignore", env } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", stdout, "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let out = "";
    let outBytes = 0;
    let err = "";
    child.stdout?.on("data", (chunk) => {
      outBytes += chunk.length;
      if (out.length < 1_000) out += chunk;
    });
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ ms: performance.now() - started, code, out, outBytes, err }),
    );
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
  let bestHooks = Infinity;
  let bestBare = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    const bare = await timed(bareArgs, { stdout: "pipe" });
    if (bare.code !== 0) throw new Error(`baseline failed: ${bare.err}`);
    bestBare = Math.min(bestBare, bare.ms);
    const hooks = await timed(hooksArgs);
    if (hooks.code !== 0) throw new Error(`hooks send failed (${hooks.code}): ${hooks.err}`);
    bestHooks = Math.min(bestHooks, hooks.ms);
  }
  const hooksRate = COUNT / (bestHooks / 1000);
  const bareRate = COUNT / (bestBare / 1000);
  const ratio = hooksRate / bareRate;
  console.log(
    `send ${COUNT} events, concurrency ${CONCURRENCY} (best of ${ROUNDS}, whole process incl. start-up)`,
  );
  console.log(
    `  bare undici Pool loop: ${Math.round(bareRate)} events/s (${Math.round(bestBare)} ms)`,
  );
  console.log(
    `  hooks send:            ${Math.round(hooksRate)} events/s (${Math.round(bestHooks)} ms)`,
  );
  console.log(
    `  ratio: ${ratio.toFixed(2)}x (target >= 0.85x) ${ratio >= 0.85 ? "ok" : "BELOW TARGET"}`,
  );

  const memory = await timed(
    [
      "--import",
      here("./send-maxrss.js"),
      ...hooksArgs.slice(0, 7),
      "--count",
      String(MEMORY_COUNT),
      "--concurrency",
      String(CONCURRENCY),
      "--json",
    ],
    { stdout: "pipe" },
  );
  const kb = Number(/maxrss-kb (\d+)/.exec(memory.err)?.[1]);
  const mb = kb / 1024;
  console.log(
    `send --count ${MEMORY_COUNT} --json: exit ${memory.code}, ${(memory.outBytes / 1e6).toFixed(1)} MB of JSON in ${Math.round(memory.ms)} ms`,
  );
  console.log(
    `  peak RSS: ${mb.toFixed(0)} MB (target < 300 MB) ${mb < 300 ? "ok" : "ABOVE TARGET"}`,
  );
} finally {
  server.child.kill("SIGTERM");
}
