// The web inspector of `hooks listen` in headless chromium: how long the page takes to open
// (navigation until the list is drawn) with 10,000 requests in the store, against the same page
// over an empty store in the same run, and how smoothly the 10,000-row list scrolls (frame times
// while scrolling a screenful per frame) against scrolling the empty list. The targets:
// under a second to open, smooth scrolling. Skipped (exit 0) without /usr/bin/chromium.
/* global document, requestAnimationFrame -- inside page.evaluate, run by the browser */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/hooks.js", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const RECORDS = Number(process.env.BENCH_INSPECTOR_RECORDS ?? 10_000);
const OPENS = 7;

if (!existsSync(CHROMIUM)) {
  console.log(`skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
  process.exit(0);
}
const { chromium } = await import("playwright-core");
const dir = mkdtempSync(join(tmpdir(), "hooks-bench-inspector-"));

function seed(path, count) {
  const lines = [];
  for (let n = 0; n < count; n += 1) {
    const body = JSON.stringify({
      event_id: `evt_${n}`,
      type: "payment.created",
      data: { amount: n, note: "x".repeat(300) },
    });
    lines.push(
      JSON.stringify({
        type: "request",
        id: `req_bench${String(n).padStart(6, "0")}`,
        receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
        method: "POST",
        path: `/hooks/${n % 5}`,
        url: "http://127.0.0.1:4665/hooks",
        headers: {
          "content-type": "application/json",
          "x-square-hmacsha256-signature": "c2lnbmF0dXJl",
        },
        body,
        bodyEncoding: "utf8",
        bodyBytes: body.length,
        provider: n % 3 === 0 ? "square" : "standard",
        eventType: "payment.created",
        eventId: `evt_${n}`,
        signature: { status: n % 4 === 0 ? "invalid" : "valid", reason: "" },
        ...(n % 50 === 0 ? { duplicateOf: "req_bench000000" } : {}),
        response: { status: 200, durationMs: 1 },
      }),
    );
  }
  writeFileSync(path, lines.length > 0 ? `${lines.join("\n")}\n` : "");
}

async function listen(store) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "listen",
      "--tunnel",
      "none",
      "--port",
      "0",
      "--inspect-port",
      "0",

      "--json",
      "--store",
      store,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, NO_COLOR: "1" },
    },
  );
  for await (const line of createInterface({ input: child.stdout })) {
    const value = JSON.parse(line);
    if (value.type === "ready") return { child, url: value.inspectUrl };
  }
  throw new Error("hooks listen ended before it was ready");
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function measure(context, url) {
  const opens = [];
  let frames = [];
  for (let round = 0; round < OPENS; round += 1) {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    opens.push(Date.now() - started);
    if (round === OPENS - 1) {
      // A screenful per frame, 240 frames: the intervals between frames are what the eye sees.
      frames = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const list = document.querySelector("#list");
            const times = [];
            let last = performance.now();
            const step = () => {
              const now = performance.now();
              times.push(now - last);
              last = now;
              list.scrollTop =
                (list.scrollTop + list.clientHeight) %
                Math.max(1, list.scrollHeight - list.clientHeight);
              if (times.length < 240) requestAnimationFrame(step);
              else resolve(times.slice(1));
            };
            requestAnimationFrame(step);
          }),
      );
    }
    await page.close();
  }
  return { open: median(opens), frameMedian: median(frames), frameP95: percentile(frames, 0.95) };
}

const context = await chromium.launchPersistentContext(join(dir, "profile"), {
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1400, height: 900 },
});
const children = [];
try {
  const empty = join(dir, "empty.jsonl");
  const full = join(dir, "full.jsonl");
  seed(empty, 0);
  seed(full, RECORDS);
  const baseline = await listen(empty);
  const subject = await listen(full);
  children.push(baseline.child, subject.child);
  const base = await measure(context, baseline.url);
  const big = await measure(context, subject.url);
  const ms = (n) => `${n.toFixed(1)} ms`;
  console.log(`page open, empty store:        ${ms(base.open)} (median of ${OPENS})`);
  console.log(
    `page open, ${RECORDS} requests:  ${ms(big.open)} (median of ${OPENS}); ${(big.open / base.open).toFixed(2)}x the empty page; target < 1000 ms: ${big.open < 1000 ? "met" : "NOT met"}`,
  );
  console.log(
    `scroll frame, empty list:       median ${ms(base.frameMedian)}, p95 ${ms(base.frameP95)}`,
  );
  console.log(
    `scroll frame, ${RECORDS} rows:    median ${ms(big.frameMedian)}, p95 ${ms(big.frameP95)}; ${(big.frameP95 / base.frameP95).toFixed(2)}x the empty list at p95`,
  );
} finally {
  await context.close();
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
