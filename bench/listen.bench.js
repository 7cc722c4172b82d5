// `hooks listen --tunnel none --json` (verifying and storing every request, stdout to /dev/null)
// against a bare node:http server that answers 200, both under autocannon with 50 connections
// posting the same signed request, in the same run. They are run alternately BENCH_ROUNDS times
// (the speed of a shared machine drifts) and the medians compared: req/s and the ratio to the
// floor server below (target >= 0.85x, issue 13), and, on Linux, the server's CPU time per
// request (user + system, from /proc/<pid>/stat), which varies less than req/s when the load
// generator shares the cores. Checks that every answered request is in the store, and compares
// the listener's RSS after N, 5N and 10N requests (memory must stay flat once warm).
// BENCH_SECONDS sets each run's length. The floor, bench/listen-floor-server.js, does only what
// the target requires (read, check the signature with node:crypto, store a JSON line, then
// answer): its ratio to the bare server is the ceiling for hooks.
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort, waitForPort } from "./ports.js";

const BIN = fileURLToPath(new URL("../bin/hooks.js", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MEMORY_N = Number(process.env.BENCH_MEMORY_N ?? 100_000); // 10N: a million requests

const body = JSON.stringify({
  type: "invoice.paid",
  data: { id: "in_1", amount: 4200, currency: "eur" },
});
const timestamp = Math.floor(Date.now() / 1000);
const id = "msg_bench";
const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
const headers = {
  "content-type": "application/json",
  "webhook-id": id,
  "webhook-timestamp": String(timestamp),
  "webhook-signature": `v1,${signature}`,
};

const dir = mkdtempSync(join(tmpdir(), "hooks-bench-"));
const store = join(dir, "events.jsonl");

function startBare(port) {
  const code = `require("node:http").createServer((q,s)=>{q.resume();q.on("end",()=>{s.writeHead(200);s.end()})}).listen(${port},"127.0.0.1")`;
  return spawn(process.execPath, ["-e", code], { stdio: "ignore" });
}

const FLOOR = fileURLToPath(new URL("./listen-floor-server.js", import.meta.url));

function startFloor(port, storePath) {
  return spawn(process.execPath, [FLOOR, String(port), storePath, SECRET], { stdio: "ignore" });
}

function startHooks(port, storePath) {
  const args = [
    BIN,
    "listen",
    "--tunnel",
    "none",
    "--json",
    "--port",
    String(port),
    "--store",
    storePath,
    "--secret",
    SECRET,
  ];
  return spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, XDG_CONFIG_HOME: dir },
  });
}

function load(port, options) {
  return autocannon({
    url: `http://127.0.0.1:${port}/hooks`,
    connections: CONNECTIONS,
    method: "POST",
    headers,
    body,
    ...options,
  });
}

async function stop(child) {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function countLines(path) {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path) })) if (line) lines += 1;
  return lines;
}

/** CPU seconds (user + system) a process has used, or NaN off Linux. */
function cpuSeconds(pid) {
  if (process.platform !== "linux") return NaN;
  // Fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

async function measure(start) {
  const port = await freePort();
  const child = start(port);
  await waitForPort(port);
  await load(port, { duration: 1 }); // warm-up
  const cpuBefore = cpuSeconds(child.pid);
  const result = await load(port, { duration: SECONDS });
  const cpuUsPerRequest = ((cpuSeconds(child.pid) - cpuBefore) * 1e6) / result.requests.total;
  const exit = await stop(child);
  return { result, cpuUsPerRequest, exit };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  const bare = [];
  const floor = [];
  const hooks = [];
  let complete = true;
  for (let round = 0; round < ROUNDS; round += 1) {
    bare.push(await measure(startBare));
    floor.push(await measure((port) => startFloor(port, join(dir, `floor-${round}.jsonl`))));
    const roundStore = join(dir, `events-${round}.jsonl`);
    const run = await measure((port) => startHooks(port, roundStore));
    // Warm-up requests are stored too, so the store holds at least every request answered.
    run.stored = await countLines(roundStore);
    complete &&= run.stored >= run.result["2xx"] && run.exit === 0;
    hooks.push(run);
  }
  const rps = (runs) => median(runs.map((run) => run.result.requests.average));
  const cpu = (runs) => median(runs.map((run) => run.cpuUsPerRequest));
  const bareRps = rps(bare);
  const floorRps = rps(floor);
  const hooksRps = rps(hooks);
  const ratio = hooksRps / floorRps;
  const list = (runs) => runs.map((run) => run.result.requests.average.toFixed(0)).join(", ");
  console.log(
    `bare node:http   ${bareRps.toFixed(0).padStart(7)} req/s median of ${ROUNDS} (${list(bare)}), ${cpu(bare).toFixed(1)} us CPU/request`,
  );
  console.log(
    `floor listener   ${floorRps.toFixed(0).padStart(7)} req/s median of ${ROUNDS} (${list(floor)}), ${cpu(floor).toFixed(1)} us CPU/request: ${(floorRps / bareRps).toFixed(2)}x the bare server, the most a verifying, storing listener reaches here`,
  );
  console.log(
    `hooks listen     ${hooksRps.toFixed(0).padStart(7)} req/s median of ${ROUNDS} (${list(hooks)}), ${cpu(hooks).toFixed(1)} us CPU/request`,
  );
  console.log(
    `ratio            ${ratio.toFixed(2)}x the floor (target >= 0.85x) ${ratio >= 0.85 ? "ok" : "BELOW TARGET"}, ${(hooksRps / bareRps).toFixed(2)}x the bare server; CPU per request ${(cpu(hooks) / cpu(floor)).toFixed(2)}x the floor's, ${(cpu(hooks) / cpu(bare)).toFixed(2)}x the bare server's`,
  );
  const answered = hooks.reduce((sum, run) => sum + run.result["2xx"], 0);
  const stored = hooks.reduce((sum, run) => sum + run.stored, 0);
  const others = hooks.reduce((sum, run) => sum + run.result.non2xx + run.result.errors, 0);
  console.log(
    `store            ${stored} lines for ${answered} answered in the measured runs (+ warm-up), ${others} other/errors; exits ${hooks.map((run) => run.exit).join(",")}: ${complete ? "ok" : "MISSING REQUESTS"}`,
  );

  if (process.env.BENCH_MEMORY !== "0" && process.platform === "linux") {
    rmSync(store, { force: true });
    const port = await freePort();
    const child = startHooks(port, store);
    await waitForPort(port);
    // Every request with its own webhook-id, so the duplicate index fills up and must evict.
    let next = 0;
    const unique = (request) => ({
      ...request,
      headers: { ...request.headers, "webhook-id": `msg_${(next += 1)}` },
    });
    const rss = [];
    for (const amount of [MEMORY_N, MEMORY_N * 4, MEMORY_N * 5]) {
      await load(port, { amount, requests: [{ setupRequest: unique }] });
      rss.push(rssKiB(child.pid) / 1024);
    }
    await stop(child);
    const [n1, n5, n10] = rss;
    const growth = n10 / n5;
    console.log(
      `memory           RSS ${n1.toFixed(1)} MiB after ${MEMORY_N} requests, ${n5.toFixed(1)} MiB after ${MEMORY_N * 5}, ${n10.toFixed(1)} MiB after ${MEMORY_N * 10}: ${growth.toFixed(2)}x over the last half ${growth < 1.1 ? "(flat)" : "(GROWING)"}`,
    );
  }
  process.exitCode = complete ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
