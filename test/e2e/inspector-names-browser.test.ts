import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { seedStore } from "../inspector/seed-store.js";
import { ListenProcess } from "../listener/listen-process.js";

/** Debian's chromium, as in inspector-browser.test.ts (which says why and how to install it). */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

const SECRET = "gh-inspector-secret";
let dir: string;
let store: string;
let profile: string;
let context: BrowserContext;
let page: Page;
let running: ListenProcess | undefined;

const env = (): Record<string, string> => ({ XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir });
const row = (id: string) => page.locator(`#list .row[data-id="${id}"]:not([hidden])`);

/** The list's time of a record of an earlier day, as the page is meant to write it (local time). */
function earlierDay(date: Date, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  if (date.getFullYear() !== now.getFullYear()) return `${date.getFullYear()}-${day}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe.skipIf(!hasChromium)("the inspector: event names and days", () => {
  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), "hooks-chromium-names-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
      viewport: { width: 1400, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hooks-inspector-names-"));
    store = join(dir, "events.jsonl");
    page = await context.newPage();
  });
  afterEach(async () => {
    await page.close();
    await running?.stop("SIGKILL");
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the event name hooks send and hooks listen give, whole, and the day of earlier records", async () => {
    const threeDaysAgo = Date.now() - 3 * 24 * 3600 * 1000;
    const [old] = await seedStore(store, 1, threeDaysAgo);
    running = ListenProcess.start(
      ["--tunnel", "none", "--port", "0", "--inspect-port", "0", "--store", store, "--json"],
      env(),
    );
    running.child.stdout?.setEncoding("utf8");
    const ready = await running.ready();
    const sent = await runCli(
      [
        ...["send", `${String(ready.localUrl)}/gh`, "--provider", "github"],
        ...["--event", "pull_request_review", "--secret", SECRET, "--json"],
      ],
      { env: env() },
    );
    const reported = (JSON.parse(sent.stdout) as { data: { tests: { event: string }[] } }).data
      .tests[0]!.event;
    expect(reported).toBe("pull_request_review.submitted");
    const request = await running.waitFor((line) => line.type === "request");
    expect(request.eventType).toBe(reported);

    await page.goto(String(ready.inspectUrl));
    await page.waitForSelector("body[data-ready]");
    const id = String(request.id);
    await expect.poll(() => row(id).count()).toBe(1);
    const event = row(id).locator(".c-event");
    expect(await event.textContent()).toBe(reported);
    // Whole: the cell is as wide as its text, not cut with an ellipsis.
    const fits = await event.evaluate((node) => node.scrollWidth <= node.clientWidth);
    expect(fits).toBe(true);
    expect(await row(id).locator(".c-time").textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await row(old!).locator(".c-time").textContent()).toBe(
      earlierDay(new Date(threeDaysAgo)),
    );
    await row(id).click();
    await page.waitForSelector(".detail-head");
    expect(await page.locator("#detail").innerText()).toContain(reported);
  });
});
