import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { Receiver } from "../inspector/receiver.js";
import { seedStore } from "../inspector/seed-store.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

/** Debian's chromium; Playwright's own browser download does not work here. */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `inspector browser tests skipped: no ${CHROMIUM} (install it with: apt-get install -y chromium)`,
  );
}

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dir: string;
let store: string;
let profile: string;
let context: BrowserContext;
let page: Page;
let receiver: Receiver;
const running: ListenProcess[] = [];

interface Ready {
  localUrl: string;
  inspectUrl: string;
}

async function listen(args: string[] = []): Promise<Ready> {
  const proc = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--inspect-port", "0", "--store", store, "--json", ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
  );
  running.push(proc);
  return (await proc.ready()) as unknown as Ready;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const reply = await send(url, {
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return reply.headers["x-hooks-request-id"] as string;
}

function signed(body: string, id: string, secret = SECRET): Record<string, string> {
  return standard.sign({ body: Buffer.from(body), secret, id });
}

const rows = (): ReturnType<Page["locator"]> => page.locator("#list .row:not([hidden])");
const rowIds = (): Promise<(string | null)[]> =>
  rows().evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-id")));
const row = (id: string): ReturnType<Page["locator"]> =>
  page.locator(`#list .row[data-id="${id}"]:not([hidden])`);

describe.skipIf(!hasChromium)("the inspector in a real browser", () => {
  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), "hooks-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
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
        // A name that resolves to this machine: what a DNS-rebinding page would use.
        "--host-resolver-rules=MAP evil.test 127.0.0.1",
      ],
      viewport: { width: 1400, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hooks-inspector-e2e-"));
    store = join(dir, "events.jsonl");
    receiver = await Receiver.start();
    page = await context.newPage();
  });
  afterEach(async () => {
    await page.close();
    for (const proc of running.splice(0)) await proc.stop("SIGKILL");
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists earlier runs' requests and new ones live, newest first, with what matters about each", async () => {
    const first = await listen(["--secret", SECRET]);
    const before = await post(
      `${first.localUrl}/earlier`,
      '{"type":"before.restart"}',
      signed('{"type":"before.restart"}', "msg_0"),
    );
    await running[0]?.stop("SIGTERM");

    const ready = await listen(["--secret", SECRET]);
    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    await expect.poll(() => rows().count()).toBe(1);
    expect(await row(before).locator(".c-path").textContent()).toBe("/earlier");

    const body = '{"type":"invoice.paid","data":{"id":"in_1","lines":[1,2,3]}}';
    const valid = await post(`${ready.localUrl}/hooks`, body, signed(body, "msg_1"));
    const invalid = await post(
      `${ready.localUrl}/hooks`,
      body,
      signed(body, "msg_2", "whsec_d3Jvbmc="),
    );
    const clover = await post(
      `${ready.localUrl}/clover`,
      '{"verificationCode":"5220ecf5-7dea-4396-b0ba-000000000001"}',
    );
    const again = await post(`${ready.localUrl}/hooks`, body, signed(body, "msg_1"));

    await expect.poll(() => rows().count()).toBe(5);
    expect(await rowIds()).toEqual([again, clover, invalid, valid, before]);
    const cells = async (id: string) =>
      row(id)
        .locator("span")
        .evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim()));
    expect((await cells(valid)).slice(1)).toEqual([
      "POST",
      "/hooks",
      "standard",
      "invoice.paid",
      "valid",
      "200",
      "",
    ]);
    expect((await cells(invalid))[5]).toBe("invalid");
    expect(await row(clover).locator(".badge-code").textContent()).toBe("code");
    expect(await row(clover).locator(".badge-handshake").getAttribute("title")).toBe(
      "Clover's verification POST, answered by hooks",
    );
    expect(await row(again).locator(".badge-dup").getAttribute("title")).toBe(
      `duplicate of ${valid}`,
    );

    await row(invalid).click();
    await page.waitForSelector(".detail-head");
    expect(await page.locator(".signature .sig").textContent()).toBe("invalid");
    expect(await page.locator(".signature .reason").textContent()).toMatch(/no signature matched/);
    expect(await page.locator("table.headers").textContent()).toContain("msg_2");
    expect(await page.locator(".json-tree").textContent()).toContain('"lines"');
    await page.click(".tab[data-view=raw]");
    expect(await page.locator(".body-view pre.raw").textContent()).toBe(body);

    await row(clover).click();
    await page.waitForSelector(".verification");
    expect(await page.locator(".verification .code").textContent()).toBe(
      "5220ecf5-7dea-4396-b0ba-000000000001",
    );
    await page.click(".copy-code");
    await expect.poll(() => page.locator("#toast").textContent()).toMatch(/copied|could not copy/);
  });

  it("shows a secret in the path masked, as text, and still replays to the real path", async () => {
    const ready = await listen(["--secret", SECRET, "--forward-to", receiver.url]);
    const body = `{"echo":"${SECRET}","html":"<img src=x onerror=alert(1)>"}`;
    const id = await post(`${ready.localUrl}/q?api_key=${SECRET}&b=<b>x</b>`, body);
    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    const listed = await row(id).locator(".c-path").textContent();
    expect(listed).toMatch(/^\/q\?api_key=whsec_Mf…aSw&b=/);
    await row(id).click();
    await expect.poll(() => page.locator("#detail .path").textContent()).toBe(listed);
    expect(await page.locator("#detail img, #detail b").count()).toBe(0);
    expect(await page.inputValue("input.target")).not.toContain(SECRET);
    expect(await page.locator("#detail").innerText()).not.toContain(SECRET);
    await page.click("[data-action=replay]");
    await expect.poll(() => page.locator(".result").textContent()).toMatch(/replay → 202/);
    expect(receiver.received.at(-1)?.path).toMatch(new RegExp(`^/q\\?api_key=${SECRET}&b=`));
  });

  it("replays to the forward target, re-signed or as captured, and shows each result as a new entry", async () => {
    const ready = await listen(["--secret", SECRET, "--forward-to", `${receiver.url}/app`]);
    const body = '{"type":"order.updated"}';
    const id = await post(`${ready.localUrl}/hooks`, body, signed(body, "msg_r"));
    await page.goto(ready.inspectUrl);
    await row(id).click();
    expect(await page.inputValue("input.target")).toBe(`${receiver.url}/app`);

    await page.click("[data-action=replay-resign]");
    await expect.poll(() => rows().count()).toBe(2);
    await expect
      .poll(() => page.locator(".result").textContent())
      .toMatch(/re-signed replay → 202/);
    const replayRow = rows().first();
    expect(await replayRow.locator(".badge-replay").getAttribute("title")).toBe(`replay of ${id}`);
    expect(await replayRow.locator(".c-status").textContent()).toBe("202");
    const sent = receiver.received.at(-1);
    expect(sent?.body.toString()).toBe(body);
    expect(
      standard.verify({
        body: sent?.body ?? Buffer.alloc(0),
        headers: sent?.headers ?? {},
        secrets: [SECRET],
      }),
    ).toMatchObject({ valid: true });

    // A URL typed in: here the listener itself, which captures the replay as a request of its own.
    await page.fill("input.target", `${ready.localUrl}/typed?x=1`);
    await page.click("[data-action=replay]");
    await expect.poll(() => rows().count()).toBe(3);
    expect(await rows().first().locator(".c-path").textContent()).toBe("/typed?x=1");
    await page.click(".result a.open-entry");
    await expect.poll(() => page.locator(".detail-head .path").textContent()).toBe("/typed?x=1");

    await page.click("[data-action=curl]");
    await expect.poll(() => page.locator("pre.curl").textContent()).toContain("curl -X POST");
    const curl = await page.locator("pre.curl").textContent();
    expect(curl).toContain('--data-raw \'{"type":"order.updated"}\'');
    expect(curl).toContain("webhook-signature: v1,");
    expect(curl).not.toContain(SECRET);
  });

  it("searches, filters and compares two requests side by side", async () => {
    const ready = await listen(["--secret", SECRET]);
    const a = '{"type":"payment.created","amount":100,"customer":"Ada"}';
    const b = '{"type":"payment.created","amount":250,"customer":"Ada"}';
    const first = await post(`${ready.localUrl}/pay`, a, signed(a, "msg_a"));
    const second = await post(`${ready.localUrl}/pay`, b, signed(b, "msg_b", "whsec_d3Jvbmc="));
    const other = await post(`${ready.localUrl}/other`, '{"type":"refund"}');
    await page.goto(ready.inspectUrl);
    await expect.poll(() => rows().count()).toBe(3);

    await page.fill("#search", '"amount":250');
    await expect.poll(() => rowIds()).toEqual([second]);
    await page.fill("#search", "");
    await expect.poll(() => rows().count()).toBe(3);
    await page.selectOption("#filter-signature", "valid");
    await expect.poll(() => rowIds()).toEqual([first]);
    await page.selectOption("#filter-signature", "");
    await page.selectOption("#filter-provider", "none");
    await expect.poll(() => rowIds()).toEqual([other]);
    await page.selectOption("#filter-provider", "");

    await row(first).click();
    await page.click("[data-action=compare]");
    await row(second).click();
    await page.waitForSelector(".diff-body");
    const changed = await page.locator(".diff-body tr.d-changed").allTextContents();
    expect(changed).toEqual(['  "amount": 100,  "amount": 250,']);
    expect(await page.locator(".diff-headers tr.d-changed th").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("webhook-id")]),
    );
  });

  it("refuses a rebound host name with 403 and a request without the token, from the page and from another site", async () => {
    const ready = await listen();
    const id = await post(`${ready.localUrl}/hooks`, '{"type":"x"}');
    const port = new URL(ready.inspectUrl).port;

    const rebound = await page.goto(`http://evil.test:${port}/`);
    expect(rebound?.status()).toBe(403);
    expect(await page.content()).not.toContain("hooks-token");

    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    const withoutToken = await page.evaluate(async (entry) => {
      const response = await fetch(`/api/entries/${entry}/replay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      return response.status;
    }, id);
    expect(withoutToken).toBe(403);

    // Another site (served on evil.test) posts to the inspector blind, as a CSRF attempt would.
    const attacker: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<form id="f" method="POST" enctype="text/plain" action="${ready.inspectUrl}/api/entries/${id}/replay"><input name='{"a":"' value='"}'></form>
        <script>fetch("${ready.inspectUrl}/api/entries/${id}/replay", { method: "POST", mode: "no-cors", body: "{}" }).finally(() => document.getElementById("f").submit());</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      const attackerPort = (attacker.address() as AddressInfo).port;
      const navigation = page.waitForURL(/\/replay$/);
      await page.goto(`http://evil.test:${attackerPort}/`);
      await navigation;
      expect(await page.textContent("body")).toMatch(/cross-origin|token/);
    } finally {
      attacker.close();
    }
    // Nothing was replayed: the listener still holds just the one request.
    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    expect(await page.locator("body").getAttribute("data-entries")).toBe("1");
  });

  it("keeps up with a burst: every request of it is listed, once", async () => {
    const ready = await listen();
    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, n) => post(`${ready.localUrl}/burst/${n}`, `{"n":${n}}`)),
    );
    await expect.poll(() => page.locator("body").getAttribute("data-entries")).toBe("300");
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    expect(await page.locator("body").getAttribute("data-entries")).toBe("300");
    expect(new Set(ids).size).toBe(300);
  });

  it("opens a store of 10,000 requests with only the visible rows in the page, and scrolls to the oldest", async () => {
    const ids = await seedStore(store, 10_000);
    const ready = await listen();
    await page.goto(ready.inspectUrl);
    await page.waitForSelector("body[data-ready]");
    expect(await page.locator("body").getAttribute("data-entries")).toBe("10000");
    expect(await page.locator("#count").textContent()).toBe("10000 requests");
    expect(await rows().count()).toBeLessThan(80);
    expect(await rows().first().getAttribute("data-id")).toBe(ids.at(-1));
    await page.locator("#list").evaluate((list) => (list.scrollTop = list.scrollHeight));
    await expect.poll(() => row(ids[0] as string).count()).toBe(1);
    expect(await rows().count()).toBeLessThan(80);
    await row(ids[0] as string).click();
    await expect.poll(() => page.locator(".detail-head code").first().textContent()).toBe(ids[0]);
  });
});
