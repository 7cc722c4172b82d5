import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import {
  startSquareFake,
  SQUARE_FAKE_TOKEN,
  type SquareFake,
} from "../fixtures/fake-apis/square.js";
import { ForwardProxy } from "../helpers/forward-proxy.js";
import { ListenProcess } from "../listener/listen-process.js";

// `hooks webhooks` against the fake Square API, through the spawned binary: the contract's
// --json shapes, the key saved but never printed whole, and test deliveries that really reach a
// running `hooks listen`.

let dir: string;
let square: SquareFake;
let listener: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-webhooks-square-"));
  square = await startSquareFake({ requireHttps: false });
});
afterEach(async () => {
  await listener?.stop("SIGTERM");
  listener = undefined;
  await square.close();
  await rm(dir, { recursive: true, force: true });
});

function hooks(args: string[], env: Record<string, string> = {}) {
  return runCli(["webhooks", ...args, "--provider", "square", "--api-url", square.url], {
    env: { XDG_STATE_HOME: dir, SQUARE_ACCESS_TOKEN: SQUARE_FAKE_TOKEN, ...env },
  });
}

function json(stdout: string): unknown {
  return JSON.parse(stdout) as unknown;
}

describe("hooks webhooks with Square", () => {
  it("creates, lists, updates, rotates and deletes, in the contract's --json shapes", async () => {
    const created = await hooks([
      "create",
      "http://127.0.0.1:9/sq",
      "--event",
      "payment.created",
      "--name",
      "mine",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const sub = json(created.stdout) as Record<string, unknown>;
    const firstKey = String(square.state.subscriptions.get(String(sub.id))?.signature_key);
    expect(sub).toMatchObject({
      url: "http://127.0.0.1:9/sq",
      events: ["payment.created"],
      enabled: true,
      provider: "square",
      name: "mine",
    });
    expect(sub.secret).not.toBe(firstKey);
    expect(String(sub.secret)).toMatch(/•|…/);
    // Saved, owner-only, so that listen --register <id> can use it.
    const registryPath = join(dir, "hooks", "webhooks.json");
    expect(await readFile(registryPath, "utf8")).toContain(firstKey);
    expect((await stat(registryPath)).mode & 0o777).toBe(0o600);

    const list = await hooks(["list", "--json"]);
    expect(json(list.stdout)).toEqual([
      expect.objectContaining({
        id: sub.id,
        url: "http://127.0.0.1:9/sq",
        events: ["payment.created"],
        enabled: true,
        provider: "square",
      }),
    ]);
    const people = await hooks(["list"]);
    expect(people.stdout).toMatch(/ID\s+URL\s+EVENTS\s+ENABLED/);
    expect(people.stdout).toContain(String(sub.id));

    const updated = await hooks([
      "update",
      String(sub.id),
      "--url",
      "http://127.0.0.1:9/new",
      "--disable",
      "--json",
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(json(updated.stdout)).toMatchObject({
      id: sub.id,
      url: "http://127.0.0.1:9/new",
      enabled: false,
    });
    expect(square.state.subscriptions.get(String(sub.id))?.signature_key).toBe(firstKey);

    const rotated = await hooks(["rotate", String(sub.id), "--json"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const newKey = square.state.subscriptions.get(String(sub.id))?.signature_key;
    expect(newKey).not.toBe(firstKey);
    expect(rotated.stdout).not.toContain(String(newKey));
    expect(await readFile(registryPath, "utf8")).toContain(String(newKey));

    const deleted = await hooks(["delete", String(sub.id), "--json"]);
    expect(json(deleted.stdout)).toEqual({ id: sub.id, deleted: true });
    expect(square.state.subscriptions.size).toBe(0);
    expect(await readFile(registryPath, "utf8")).not.toContain(String(sub.id));
  });

  it("lists the event types", async () => {
    const events = await hooks(["events", "--json"]);
    expect(events.code).toBe(0);
    const list = json(events.stdout) as { name: string; description: string | null }[];
    expect(list.map((e) => e.name)).toContain("payment.created");
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(["description", "name"]);
  });

  it("runs Square's test delivery into a running hooks listen, reported like hooks send", async () => {
    listener = ListenProcess.start(
      [
        "--json",
        "--port",
        "0",
        "--no-inspect",
        "--tunnel",
        "none",
        "--store",
        join(dir, "events.jsonl"),
      ],
      {
        XDG_STATE_HOME: dir,
      },
    );
    const ready = await listener.ready();
    const created = await hooks([
      "create",
      `${String(ready.localUrl)}/sq`,
      "--event",
      "payment.created",
      "--json",
    ]);
    const id = String((json(created.stdout) as { id: string }).id);

    const test = await hooks(["test", id, "--json"]);
    expect(test.code, test.stderr).toBe(0);
    const report = json(test.stdout) as { data: Record<string, unknown>; error: unknown };
    expect(report.error).toBeNull();
    expect(report.data).toMatchObject({ testsRun: 1, testsSucceeded: 1, testsFailed: 0 });
    expect(typeof report.data.startedAt).toBe("string");
    const arrived = await listener.waitFor((l) => l.type === "request");
    expect(arrived).toMatchObject({ provider: "square", method: "POST", path: "/sq" });

    const people = await hooks(["test", id]);
    expect(people.stdout).toMatch(/1 passed, 0 failed/);
  });

  it("exits 1 when a test delivery fails, and 2 in Square's words for a bad token", async () => {
    const created = await hooks([
      "create",
      "http://127.0.0.1:1/closed",
      "--event",
      "payment.created",
      "--json",
    ]);
    const id = String((json(created.stdout) as { id: string }).id);
    const test = await hooks(["test", id]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/0 passed, 1 failed/);

    const bad = await hooks(["list"], { SQUARE_ACCESS_TOKEN: "EAAA-wrong" });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      "hooks: square: AUTHENTICATION_ERROR UNAUTHORIZED: This request could not be authorized. (HTTP 401)",
    );
    const missing = await hooks(["delete", "wbhk_0000"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/square: INVALID_REQUEST_ERROR NOT_FOUND/);
  });

  it("goes through HTTP_PROXY, like every request hooks makes", async () => {
    const proxy = await ForwardProxy.start();
    try {
      const list = await hooks(["list", "--json"], {
        HTTP_PROXY: proxy.url,
        NO_PROXY: "",
        no_proxy: "",
      });
      expect(list.code, list.stderr).toBe(0);
      expect(proxy.targets).toEqual([new URL(square.url).host]);
    } finally {
      await proxy.close();
    }
  });

  it("refuses --secret, since Square makes the key", async () => {
    const result = await hooks(["create", "http://127.0.0.1:9/x", "--secret", "mine"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/square makes the signing secret itself/);
  });
});
