import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { Receiver } from "../inspector/receiver.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

let dir: string;
let app: Receiver;
let proc: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-events-filter-e2e-"));
  app = await Receiver.start();
});
afterEach(async () => {
  await proc?.stop();
  proc = undefined;
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const topic = (name: string) => ({ "x-shopify-topic": name, "content-type": "application/json" });

describe("hooks listen --events", () => {
  it("shows and forwards only matching events; the rest are stored, answered by hooks and counted", async () => {
    const store = join(dir, "s.jsonl");
    proc = ListenProcess.start([
      ...["--json", "--tunnel", "none", "--port", "0", "--no-inspect", "--store", store],
      ...["--forward-to", app.url, "--events", "orders/*", "--events", "products/update"],
      ...["--status", "299", "--expect", "2"],
    ]);
    const base = String((await proc.ready()).localUrl);

    const order = await send(`${base}/o`, { headers: topic("orders/create"), body: '{"id":1}' });
    expect(order.status).toBe(202);
    const other = await send(`${base}/c`, { headers: topic("customers/create"), body: '{"id":2}' });
    // hooks' own answer (--status), not the app's.
    expect(other.status).toBe(299);
    const product = await send(`${base}/p`, { headers: topic("products/update"), body: "{}" });
    expect(product.status).toBe(202);

    // --expect counts the matching ones only: two of them end the run.
    expect(await proc.exited).toBe(0);
    expect(app.received.map((r) => r.path)).toEqual(["/o", "/p"]);
    const requests = proc.lines.filter((line) => line.type === "request");
    expect(requests.map((line) => line.eventType)).toEqual(["orders/create", "products/update"]);
    expect(proc.lines.find((line) => line.type === "summary")).toMatchObject({
      requests: 2,
      filtered: 1,
      met: true,
    });
    const stored = (await readFile(store, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(stored).toHaveLength(3);
    expect(stored[1]).toMatchObject({
      eventType: "customers/create",
      filtered: true,
      response: { status: 299 },
    });
    expect(stored[1]?.forward).toBeUndefined();
  });

  it("for people: the banner names the globs, the others get no line, the summary counts them", async () => {
    proc = ListenProcess.start([
      ...["--tunnel", "none", "--port", "0", "--no-inspect", "--store", join(dir, "s.jsonl")],
      ...["--events", "orders/*", "--timeout", "30"],
    ]);
    await proc.waitForText(/Ready!/);
    expect(proc.stdout).toMatch(/events\s+orders\/\*\s+<- the others are stored and counted/);
    const base = /listening on (http:\/\/\S+)/.exec(proc.stdout)?.[1] ?? "";
    await send(`${base}/skip`, { headers: topic("customers/create"), body: "{}" });
    await send(`${base}/keep`, { headers: topic("orders/paid"), body: "{}" });
    await proc.waitForText(/<-- 200/);
    await proc.stop("SIGINT");
    expect(proc.stdout).toMatch(/--> POST \/keep\s+shopify orders\/paid/);
    expect(proc.stdout).not.toContain("/skip");
    expect(proc.stdout).toMatch(
      /1 request\(s\).*1 filtered out by --events \(stored, not counted\)/,
    );
  });

  it("refuses a glob that is not an event type, in one line", async () => {
    const result = await runCli(["listen", "--tunnel", "none", "--events", "orders create"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^hooks: invalid --events "orders create": an event type or glob .* such as payment\.\* or orders\/\*$/,
    );
  });
});
