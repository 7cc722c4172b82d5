// The listener's memory under the worst inputs of issue 11, next to its memory under ordinary
// load, all against one `hooks listen --tunnel none --no-inspect --json` with its default limits
// (--max-body 25 MiB, --max-in-flight 4x that), on 127.0.0.1:
//   ordinary   BENCH_ORDINARY_N signed requests (default 20,000), each with its own event id
//   long ids   300 requests whose event id (in the body) is 2 MiB long
//   big bodies 48 bodies of 25 MiB sent at once
//   escapes    8 bodies of 25 MiB of control characters at once (JSON escaping makes them ~6x)
// For each phase: the peak RSS (sampled every 20 ms), what the senders were answered, and whether
// the listener is still up; the verdict compares every peak with CEILING_MIB. Prints figures and a
// verdict, never asserts timings. BENCH_MEMORY=0 skips it (it moves about 3 GB through loopback).
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForPort } from "./ports.js";
import { request } from "undici";

const BIN = fileURLToPath(new URL("../bin/hooks.js", import.meta.url));
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ORDINARY_N = Number(process.env.BENCH_ORDINARY_N ?? 20_000);
const MIB = 1024 * 1024;
/** What the README promises for the default limits. */
const CEILING_MIB = 1024;

if (process.env.BENCH_MEMORY === "0" || process.platform !== "linux") {
  console.log("memory under hostile input: skipped (BENCH_MEMORY=0, or not Linux)");
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "hooks-bench-memory-"));

function rssMiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
  } catch {
    return NaN; // gone
  }
}

/** Runs `load` while sampling the child's RSS; the peak, and what the senders were answered. */
async function phase(child, load) {
  let peak = rssMiB(child.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid) || 0)), 20);
  const answered = {};
  const note = (key, count = 1) => (answered[key] = (answered[key] ?? 0) + count);
  const started = Date.now();
  try {
    await load(note);
  } finally {
    clearInterval(sampler);
  }
  return { peak, answered, seconds: (Date.now() - started) / 1000, alive: child.exitCode === null };
}

async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

async function post(url, body, headers, note) {
  try {
    const response = await request(url, { method: "POST", body, headers });
    await response.body.dump();
    note(String(response.statusCode));
  } catch (error) {
    note(error.code ?? error.message);
  }
}

function ordinary(port, note) {
  const body = JSON.stringify({ type: "invoice.paid", data: { id: "in_1", amount: 4200 } });
  const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
  const timestamp = Math.floor(Date.now() / 1000);
  let next = 0;
  const signed = (request) => {
    const id = `msg_${(next += 1)}`;
    const signature = createHmac("sha256", key)
      .update(`${id}.${timestamp}.${body}`)
      .digest("base64");
    return {
      ...request,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": `v1,${signature}`,
      },
    };
  };
  return autocannon({
    url: `http://127.0.0.1:${port}/hooks`,
    connections: 50,
    method: "POST",
    body,
    amount: ORDINARY_N,
    requests: [{ setupRequest: signed }],
  }).then((result) => {
    note("2xx", result["2xx"]);
    if (result.non2xx + result.errors > 0) note("other", result.non2xx + result.errors);
  });
}

const stripeHeaders = { "content-type": "application/json", "stripe-signature": "t=1,v1=00" };

const phases = [
  ["ordinary", (port, note) => ordinary(port, note)],
  [
    "long ids",
    (port, note) => {
      const pad = "x".repeat(2 * MIB);
      return pool(300, 4, (i) =>
        post(
          `http://127.0.0.1:${port}/ids`,
          `{"id":"evt_${i}_${pad}","type":"x"}`,
          stripeHeaders,
          note,
        ),
      );
    },
  ],
  [
    "big bodies",
    (port, note) => {
      const body = Buffer.alloc(25 * MIB - 1024, 0x61);
      return pool(48, 48, () => post(`http://127.0.0.1:${port}/big`, body, undefined, note));
    },
  ],
  [
    "escapes",
    (port, note) => {
      const body = Buffer.alloc(25 * MIB - 1024, 0x01);
      return pool(8, 8, () => post(`http://127.0.0.1:${port}/escapes`, body, undefined, note));
    },
  ],
];

try {
  const port = await freePort();
  const args = ["listen", "--tunnel", "none", "--no-inspect", "--json", "--port", String(port)];
  const child = spawn(
    process.execPath,
    [BIN, ...args, "--store", join(dir, "events.jsonl"), "--secret", SECRET],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, XDG_CONFIG_HOME: dir } },
  );
  await waitForPort(port);
  const start = rssMiB(child.pid);
  console.log(`memory           RSS ${start.toFixed(0)} MiB at start (ceiling ${CEILING_MIB} MiB)`);
  let worst = start;
  let alive = true;
  for (const [name, load] of phases) {
    if (!alive) break;
    const result = await phase(child, (note) => load(port, note));
    worst = Math.max(worst, result.peak);
    alive = result.alive;
    const seen = Object.entries(result.answered)
      .map(([key, count]) => `${count}x ${key}`)
      .join(", ");
    console.log(
      `${name.padEnd(16)} peak RSS ${result.peak.toFixed(0).padStart(5)} MiB in ${result.seconds.toFixed(1)} s; answered ${seen}${alive ? "" : "; THE LISTENER DIED"}`,
    );
  }
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  const ok = alive && worst < CEILING_MIB;
  console.log(
    `verdict          worst peak ${worst.toFixed(0)} MiB ${ok ? `< ${CEILING_MIB} MiB: ok` : alive ? `>= ${CEILING_MIB} MiB: OVER THE CEILING` : "(listener died): FAILED"}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
