import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/providers/catalog.js";
import { runCli } from "../helpers/cli.js";
import { ListenProcess, type JsonLine } from "../listener/listen-process.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/** Every provider whose deliveries the listener can tell apart: by event id, else by body. */
const PROVIDERS = [
  "square",
  "stripe",
  "github",
  "standard",
  "poynt",
  "shopify",
  "up42",
  "clover",
  "slack",
];

interface Test {
  event: string;
  id: string;
  ok: boolean;
  duplicateOf?: string;
}
interface Document {
  data: { testsRun: number; testsFailed: number; tests: Test[] };
}
type Request = JsonLine & {
  id: string;
  path: string;
  body: string;
  receivedAt: string;
  eventId?: string;
  eventType?: string;
  duplicateOf?: string;
  signature: { status: string };
};

let listener: ListenProcess | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

/** `hooks listen --tunnel none --json` on a free port, checking signatures with SECRET. */
async function listen(): Promise<string> {
  const store = join(mkdtempSync(join(tmpdir(), "hooks-messy-")), "events.jsonl");
  listener = ListenProcess.start([
    ...["--json", "--tunnel", "none", "--port", "0", "--no-inspect", "--store", store],
    ...["--secret", SECRET],
  ]);
  return String((await listener.ready()).localUrl);
}

/** The listener's request lines for `path`, once `count` of them have arrived. */
async function arrivals(path: string, count: number): Promise<Request[]> {
  const proc = listener as ListenProcess;
  const of = (): Request[] =>
    proc.lines.filter((line): line is Request => line.type === "request" && line.path === path);
  await proc.waitFor(() => of().length >= count);
  return of();
}

async function sendJson(args: string[]): Promise<Document> {
  const result = await runCli(["send", ...args, "--secret", SECRET, "--json"], {
    timeoutMs: 30_000,
  });
  expect(result.stderr).toBe("");
  expect(result.code, result.stdout).toBe(0);
  return JSON.parse(result.stdout) as Document;
}

// Each test spawns a listener and several senders: generous limits for a loaded CI machine.
describe("hooks send --duplicates against hooks listen (built binary)", () => {
  it("the listener marks as duplicates exactly the deliveries send names, for every provider", async () => {
    const base = await listen();
    const docs = await Promise.all(
      PROVIDERS.map((provider) =>
        // Nine senders at once on a shared machine: a generous limit, timeouts are not tested here.
        sendJson([
          ...[`${base}/${provider}`, "--provider", provider, "--duplicates", "0.5"],
          ...["--timeout", "20000"],
        ]),
      ),
    );
    for (const [i, provider] of PROVIDERS.entries()) {
      const tests = (docs[i] as Document).data.tests;
      const sent = tests.filter((test) => test.duplicateOf === undefined);
      const resent = tests.filter((test) => test.duplicateOf !== undefined);
      // One of each sample, and round(0.5 x events) of them again (halves round up).
      const events = loadCatalog(provider).events.length;
      expect(sent, provider).toHaveLength(events);
      expect(resent, provider).toHaveLength(Math.round(0.5 * events));
      for (const test of resent) {
        expect(test.duplicateOf).toBe(test.id);
        expect(sent.filter((original) => original.id === test.id)).toHaveLength(1);
      }

      const requests = await arrivals(`/${provider}`, tests.length);
      expect(requests, provider).toHaveLength(tests.length);
      for (const request of requests) expect(request.signature.status, provider).toBe("valid");
      const marked = requests.filter((request) => request.duplicateOf !== undefined);
      expect(marked, provider).toHaveLength(resent.length);
      for (const duplicate of marked) {
        const original = requests.find((request) => request.id === duplicate.duplicateOf);
        expect(original?.duplicateOf, provider).toBeUndefined();
        expect(original?.body, provider).toBe(duplicate.body);
        expect(original?.eventId, provider).toBe(duplicate.eventId);
      }
      // Which event a request is: the provider's event id, else the send id its body carries
      // (Slack's url_verification challenge). Clover's deliveries carry no id at all.
      if (provider === "clover") continue;
      const ids = tests.map((test) => test.id);
      const idOf = (request: Request): string | undefined =>
        request.eventId ?? ids.find((id) => request.body.includes(id));
      expect(marked.map(idOf).sort(), provider).toEqual(resent.map((test) => test.id).sort());
    }
  }, 60_000);

  it("names the duplicates in the human report and counts them on the summary line", async () => {
    const base = await listen();
    const args = [`${base}/human`, "--provider", "square", "--secret", SECRET];
    const result = await runCli([
      ...["send", ...args, "--event", "payment.created", "--count", "3"],
      ...["--duplicates", "0.34", "--seed", "21"],
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/, 1 of them a duplicate, --seed 21\)$/);
    const dups = lines.filter((line) => line.includes(" dup of "));
    expect(dups).toHaveLength(1);
    const [, id] = /payment\.created (\S+) .* dup of (\S+)$/.exec(dups[0] as string) ?? [];
    expect(dups[0]).toMatch(new RegExp(`dup of ${id}$`));
    expect(lines.filter((line) => line.includes(` ${id} `))).toHaveLength(2);
    expect(lines.at(-1)).toBe("4 passed, 0 failed (1 duplicate)");
    const requests = await arrivals("/human", 4);
    const marked = requests.filter((request) => request.duplicateOf !== undefined);
    expect(marked.map((request) => request.eventId)).toEqual([id]);
  }, 60_000);

  it("refuses a bad --duplicates, --jitter or --seed with exit 2 and one line, before sending", async () => {
    const base = await listen();
    const cases = [
      ["--duplicates", "1.5"],
      ["--duplicates", "half"],
      ["--duplicates", "-0"],
      ["--jitter", "-5"],
      ["--jitter", "0.5"],
      ["--seed", "7"],
    ];
    const results = await Promise.all(
      cases.map(([flag, value]) =>
        runCli([
          ...["send", `${base}/refused`, "--provider", "stripe", "--secret", SECRET],
          ...[flag as string, value as string],
        ]),
      ),
    );
    for (const [i, [flag, value]] of cases.entries()) {
      const result = results[i] as Awaited<ReturnType<typeof runCli>>;
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^hooks: [^\\n]*${flag}[^\\n]*\\n$`));
      expect(result.stdout).toBe("");
    }
    // The listener is still there and got nothing: a request would have come before this one.
    const probe = await runCli([
      "send",
      `${base}/probe`,
      "--provider",
      "stripe",
      "--secret",
      SECRET,
    ]);
    expect(probe.code).toBe(0);
    await arrivals("/probe", loadCatalog("stripe").events.length);
    const paths = (listener as ListenProcess).lines
      .filter((line) => line.type === "request")
      .map((line) => line.path);
    expect(paths.every((path) => path === "/probe")).toBe(true);
  }, 60_000);
});

describe("hooks send --shuffle and --jitter against hooks listen (built binary)", () => {
  const stripeEvents = loadCatalog("stripe").events.map((event) => event.name);

  it("shuffles into the same order for the same seed, and another for another seed", async () => {
    const base = await listen();
    const order = async (path: string, seed: string): Promise<string[]> => {
      const doc = await sendJson(
        [`${base}/${path}`, "--provider", "stripe"].concat([
          "--shuffle",
          "--seed",
          seed,
          "--concurrency",
          "1",
        ]),
      );
      const requests = await arrivals(`/${path}`, stripeEvents.length);
      const arrived = requests.map((request) => String(request.eventType));
      // One at a time, the report lists deliveries in the order the listener got them.
      expect(doc.data.tests.map((test) => test.event)).toEqual(arrived);
      return arrived;
    };
    const [first, again, other] = await Promise.all([
      order("a", "5"),
      order("b", "5"),
      order("c", "6"),
    ]);
    expect([...first].sort()).toEqual([...stripeEvents].sort());
    expect(again).toEqual(first);
    expect(first).not.toEqual(stripeEvents);
    expect(other).not.toEqual(first);
  }, 60_000);

  it("sends every duplicate after its original under --shuffle and concurrency", async () => {
    const base = await listen();
    const doc = await sendJson([
      ...[`${base}/mixed`, "--provider", "stripe", "--count", "2", "--duplicates", "1"],
      ...["--shuffle", "--concurrency", "8"],
    ]);
    const tests = doc.data.tests;
    expect(tests).toHaveLength(stripeEvents.length * 4);
    const requests = await arrivals("/mixed", tests.length);
    const marked = requests.filter((request) => request.duplicateOf !== undefined);
    const resent = tests.filter((test) => test.duplicateOf !== undefined);
    expect(resent).toHaveLength(stripeEvents.length * 2);
    expect(marked.map((request) => request.eventId).sort()).toEqual(
      resent.map((test) => test.id).sort(),
    );
  }, 60_000);

  it("spreads the deliveries over up to --jitter ms", async () => {
    const base = await listen();
    const jitter = 600;
    const started = Date.now();
    const doc = await sendJson([
      ...[`${base}/jitter`, "--provider", "stripe", "--concurrency", "13"],
      ...["--jitter", String(jitter), "--seed", "3"],
    ]);
    const took = Date.now() - started;
    expect(doc.data.testsRun).toBe(stripeEvents.length);
    const times = (await arrivals("/jitter", stripeEvents.length)).map((request) =>
      Date.parse(request.receivedAt),
    );
    const spread = Math.max(...times) - Math.min(...times);
    // All in flight at once: without jitter they land within a few ms of each other; 13 draws
    // from 0..600 ms spread them over hundreds. Loose bounds: a busy machine adds delay.
    expect(spread).toBeGreaterThan(jitter / 4);
    expect(spread).toBeLessThan(took);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(started);
  }, 60_000);
});
