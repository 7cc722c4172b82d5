// Cold start of `hooks verify` against `node -e 0`, measured in the same run, interleaved so that
// both see the same machine load. Target: verify within 1.3x of node's own start-up.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const bin = fileURLToPath(new URL("../bin/hooks.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "hooks-bench-"));
const payload = join(dir, "payload.json");
// Vector from standard-webhooks/standard-webhooks libraries/javascript/src/index.test.ts.
writeFileSync(payload, '{"test": 2432232314}');

const baseline = [process.execPath, ["-e", "0"]];
const verify = [
  process.execPath,
  [
    bin,
    "verify",
    "--provider",
    "standard",
    "--secret",
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "--payload",
    payload,
    "--header",
    "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
    "--header",
    "webhook-timestamp: 1614265330",
    "--signature",
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    "--now",
    "1614265330",
  ],
];

function timeOnce([command, args]) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// Warm the file cache first.
for (let i = 0; i < 3; i += 1) {
  timeOnce(baseline);
  timeOnce(verify);
}
const times = { baseline: [], verify: [] };
for (let i = 0; i < RUNS; i += 1) {
  times.baseline.push(timeOnce(baseline));
  times.verify.push(timeOnce(verify));
}
const base = median(times.baseline);
const subject = median(times.verify);
const ratio = subject / base;
console.log(`node -e 0        median ${base.toFixed(1)} ms over ${RUNS} runs`);
console.log(`hooks verify     median ${subject.toFixed(1)} ms over ${RUNS} runs`);
console.log(
  `verify cold start: ${ratio.toFixed(2)}x node -e 0 (target <= 1.30x) ${ratio <= 1.3 ? "ok" : "OVER"}`,
);
