import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  startSquareFake,
  SQUARE_FAKE_TOKEN,
  type SquareFake,
} from "../fixtures/fake-apis/square.js";
import { listenWithApi, type ListenProcess } from "../listener/listen-process.js";
import { FAKE_CLOUDFLARED } from "../tunnel/fake.js";

// `hooks listen --register` end to end: the spawned binary, the fake cloudflared (which comes
// back with a new URL after a drop) and the fake Square API, whose notifications are real POSTs
// signed with the key it made, over the URL it was given.

let dir: string;
let square: SquareFake;
let running: ListenProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-register-e2e-"));
  square = await startSquareFake({ requireHttps: false });
});
afterEach(async () => {
  for (const proc of running) await proc.stop("SIGTERM");
  running = [];
  await square.close();
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[], env: Record<string, string> = {}): ListenProcess {
  const proc = listenWithApi(dir, "square", square.url, args, {
    SQUARE_ACCESS_TOKEN: SQUARE_FAKE_TOKEN,
    ...env,
  });
  running.push(proc);
  return proc;
}

function only<T>(map: Map<string, T>): T {
  expect(map.size).toBe(1);
  return [...map.values()][0] as T;
}

describe("hooks listen --register with Square", () => {
  it("creates a subscription at the tunnel's URL, re-points it when the URL changes, verifies with Square's key, and deletes it on exit", async () => {
    const proc = listen(["--register", "--event", "payment.created"], {
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
      FAKE_CLOUDFLARED_MODE: "drop",
      FAKE_CLOUDFLARED_DROP_MS: "1500",
      FAKE_CLOUDFLARED_STATE: join(dir, "runs"),
    });
    const ready = await proc.ready();
    const created = await proc.waitFor((l) => l.type === "registration" && l.status === "created");
    const first = only(square.state.subscriptions);
    expect(first.notification_url).toBe(`${String(ready.publicUrl)}/webhooks`);
    expect(first.event_types).toEqual(["payment.created"]);
    expect(created).toMatchObject({
      provider: "square",
      id: first.id,
      url: first.notification_url,
    });
    // The key is never printed whole.
    expect(proc.stdout).not.toContain(first.signature_key);

    const delivery = await square.state.notify(first.id, "payment.created");
    expect(delivery.status).toBe(200);
    const request = await proc.waitFor((l) => l.type === "request");
    expect(request).toMatchObject({ provider: "square", signature: { status: "valid" } });

    const up = await proc.waitFor(
      (l) => l.type === "tunnel" && l.status === "up" && l.publicUrl !== ready.publicUrl,
      15_000,
    );
    const updated = await proc.waitFor((l) => l.type === "registration" && l.status === "updated");
    const moved = only(square.state.subscriptions);
    expect(moved.id).toBe(first.id);
    expect(moved.notification_url).toBe(`${String(up.publicUrl)}/webhooks`);
    expect(updated.url).toBe(moved.notification_url);

    // Square now signs the new URL: the listener checks against it.
    await square.state.notify(first.id, "payment.created");
    await proc.waitFor(
      (l) => l.type === "request" && proc.lines.indexOf(l) > proc.lines.indexOf(updated),
    );
    const requests = proc.lines.filter((l) => l.type === "request");
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ signature: { status: "valid" } });

    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(proc.lines.some((l) => l.type === "registration" && l.status === "deleted")).toBe(true);
    expect(square.state.subscriptions.size).toBe(0);
    const registry = JSON.parse(await readFile(join(dir, "hooks", "webhooks.json"), "utf8")) as {
      entries: unknown[];
    };
    expect(registry.entries).toEqual([]);
  });

  it("re-points an existing subscription and gives it its URL back on exit", async () => {
    const existing = await createExisting();
    const proc = listen([
      "--register",
      existing.id,
      "--public-url",
      "http://127.0.0.1:1/",
      "--path",
      "/sq",
    ]);
    await proc.waitFor((l) => l.type === "registration" && l.status === "updated");
    expect(square.state.subscriptions.get(existing.id)?.notification_url).toBe(
      "http://127.0.0.1:1/sq",
    );
    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(proc.lines.some((l) => l.type === "registration" && l.status === "restored")).toBe(true);
    expect(square.state.subscriptions.get(existing.id)?.notification_url).toBe(
      "https://prod.example.com/square",
    );
  });

  it("cleans up after a run that was killed with SIGKILL", async () => {
    const first = listen([
      "--register",
      "--event",
      "payment.created",
      "--public-url",
      "http://127.0.0.1:1",
    ]);
    await first.waitFor((l) => l.type === "registration" && l.status === "created");
    const left = only(square.state.subscriptions);
    await first.stop("SIGKILL");
    expect(square.state.subscriptions.has(left.id)).toBe(true);

    const second = listen([
      "--register",
      "--event",
      "payment.created",
      "--public-url",
      "http://127.0.0.1:2",
    ]);
    const cleaned = await second.waitFor(
      (l) => l.type === "registration" && l.status === "deleted",
    );
    expect(cleaned.id).toBe(left.id);
    expect(String(cleaned.message)).toMatch(/left behind by an earlier run/);
    await second.waitFor((l) => l.type === "registration" && l.status === "created");
    expect(only(square.state.subscriptions).notification_url).toBe("http://127.0.0.1:2/webhooks");
  });

  it("says why a registration failed and goes on listening", async () => {
    const proc = listen(["--register", "--public-url", "http://127.0.0.1:1"], {
      SQUARE_ACCESS_TOKEN: "EAAA-not-a-token-square-knows",
    });
    const failed = await proc.waitFor((l) => l.type === "registration" && l.status === "error");
    expect(String(failed.message)).toMatch(
      /registration failed: square: AUTHENTICATION_ERROR UNAUTHORIZED: .*\(HTTP 401\); still listening/,
    );
    expect(proc.stdout + proc.stderr).not.toContain("EAAA-not-a-token-square-knows");
    expect(proc.child.exitCode).toBeNull();
  });
});

async function createExisting(): Promise<{ id: string }> {
  const response = await fetch(`${square.url}/v2/webhooks/subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${SQUARE_FAKE_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      subscription: {
        name: "production",
        event_types: ["payment.created"],
        notification_url: "https://prod.example.com/square",
      },
    }),
  });
  const json = (await response.json()) as { subscription: { id: string } };
  return json.subscription;
}
