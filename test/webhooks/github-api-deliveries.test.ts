import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { github } from "../../src/providers/github.js";
import { startGithubFake, type GithubFakeOptions } from "../fixtures/fake-apis/github.js";
import { closedAfterEach } from "./api-kit.js";
import { githubClient, startReceiver, type Received } from "./github-helpers.js";

const SECRET = "It's a Secret to Everybody";
const closeLater = closedAfterEach();
/** Receivers' held answers, let go at the client's first wait. */
const resumeOnWait: (() => void)[] = [];

/** A fake GitHub, a receiver, a client whose waits are the fake finishing its deliveries. */
async function setup(
  options: GithubFakeOptions = {},
  target: { repo?: string; org?: string } = { repo: "octo/hello" },
) {
  const api = closeLater(await startGithubFake({ requireHttps: false, ...options }));
  const receiver = closeLater(await startReceiver());
  const { api: client, waits } = await githubClient(api.url, target, {
    sleep: async () => {
      for (const resume of resumeOnWait.splice(0)) resume();
      await api.state.settled();
    },
  });
  return { api, receiver, client, waits };
}

function verifies(delivery: Received | undefined): boolean {
  if (delivery === undefined) return false;
  const headers = delivery.headers as Record<string, string>;
  return github.verify({ body: delivery.body, headers, secrets: [SECRET] }).valid;
}

describe("github webhooks test", () => {
  it("asks for a ping and a test push, finds both in the log and reports what the URL answered", async () => {
    const { api, receiver, client } = await setup();
    const hook = await client.create({
      url: receiver.url,
      events: ["*"],
      name: "",
      secret: SECRET,
    });
    // GitHub pings a new hook: that ping is not the test's.
    await api.state.settled();
    expect(receiver.received.map((r) => r.headers["x-github-event"])).toEqual(["ping"]);
    // The test's deliveries are logged only after the client's first look, which then sees
    // nothing but the creation's ping: it must not take that one for the test's.
    resumeOnWait.push(receiver.pause());
    const report = await client.test?.(hook.id);
    expect(api.requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual([
      "/repos/octo/hello/hooks",
      `/repos/octo/hello/hooks/${hook.id}/pings`,
      `/repos/octo/hello/hooks/${hook.id}/tests`,
    ]);
    const sent = receiver.received.slice(1);
    expect(sent.map((r) => r.headers["x-github-event"]).sort()).toEqual(["ping", "push"]);
    expect(sent.every(verifies)).toBe(true);
    expect(report).toMatchObject({ testsRun: 2, testsSucceeded: 2, testsFailed: 0 });
    const byEvent = new Map(report?.tests.map((t) => [t.event, t]));
    for (const delivery of sent) {
      const event = String(delivery.headers["x-github-event"]);
      expect(byEvent.get(event)).toMatchObject({
        id: delivery.headers["x-github-delivery"],
        ok: true,
        status: 200,
        error: null,
      });
    }
  });

  it("reports a URL answering 500 as a failed test in hooks send's words", async () => {
    const { api, receiver, client } = await setup({ pingOnCreate: false });
    const hook = await client.create({
      url: receiver.url,
      events: ["issues"],
      name: "",
      secret: SECRET,
    });
    receiver.answer(500);
    const report = await client.test?.(hook.id);
    // Not subscribed to push: GitHub would send no test push, so only a ping is asked for.
    expect(api.requests.some((r) => r.path.endsWith("/tests"))).toBe(false);
    expect(report).toMatchObject({ testsRun: 1, testsSucceeded: 0, testsFailed: 1 });
    expect(report?.tests[0]).toMatchObject({
      event: "ping",
      ok: false,
      status: 500,
      error: { reason: "http_error", message: "Invalid HTTP Response: 500" },
    });
  });

  it("gives up after a bounded look when GitHub logs no delivery", async () => {
    const { api, receiver, client, waits } = await setup({ pingOnCreate: false });
    const hook = await client.create({
      url: receiver.url,
      events: ["push"],
      name: "",
      secret: SECRET,
    });
    // A hook GitHub answers for but whose deliveries never show (its log is emptied as it fills).
    const stored = api.state.hook(hook.id);
    if (stored !== undefined)
      Object.defineProperty(stored, "deliveries", { get: () => [], set: () => {} });
    const report = await client.test?.(hook.id, "ping");
    expect(report?.tests).toEqual([
      expect.objectContaining({ event: "ping", ok: false, status: null }),
    ]);
    expect(report?.tests[0]?.error?.reason).toBe("not_delivered");
    expect(waits).toHaveLength(9);
  });

  it("pings an organisation hook only (GitHub has no test push there) and refuses events it cannot send", async () => {
    const { api, receiver, client } = await setup({ pingOnCreate: false }, { org: "octo-org" });
    const hook = await client.create({
      url: receiver.url,
      events: ["*"],
      name: "",
      secret: SECRET,
    });
    const report = await client.test?.(hook.id);
    expect(report?.tests.map((t) => t.event)).toEqual(["ping"]);
    expect(report?.testsSucceeded).toBe(1);
    await expect(client.test?.(hook.id, "push")).rejects.toThrow(UsageError);
    await expect(client.test?.(hook.id, "issues")).rejects.toThrow(/ping and push only/);
    const orgTests = await fetch(`${api.url}/orgs/octo-org/hooks/${hook.id}/tests`, {
      method: "POST",
      headers: { authorization: String(api.requests[0]?.headers["authorization"]) },
    });
    expect(orgTests.status).toBe(404);
  });
});

describe("github webhooks deliveries and redeliver", () => {
  it("lists every delivery across cursor pages, newest first, with X-GitHub-Delivery as the event id", async () => {
    const { api, receiver, client } = await setup({ pingOnCreate: false, pageSize: 2 });
    const hook = await client.create({
      url: receiver.url,
      events: ["*"],
      name: "",
      secret: SECRET,
    });
    for (const action of ["opened", "closed", "reopened", "edited", "labeled"]) {
      await api.state.deliverEvent(hook.id, "issues", { action });
    }
    const deliveries = (await client.deliveries?.(hook.id)) ?? [];
    const guids = receiver.received.map((r) => r.headers["x-github-delivery"]).reverse();
    expect(deliveries.map((d) => d.eventId)).toEqual(guids);
    expect(deliveries.map((d) => d.event)).toEqual([
      "issues.labeled",
      "issues.edited",
      "issues.reopened",
      "issues.closed",
      "issues.opened",
    ]);
    expect(deliveries[0]).toMatchObject({
      ok: true,
      status: 200,
      redelivery: false,
      message: "OK",
    });
    const pages = api.requests.filter((r) => r.path.endsWith("/deliveries"));
    expect(pages.map((r) => r.query.get("cursor"))).toEqual([
      null,
      expect.stringMatching(/^v1_/),
      expect.stringMatching(/^v1_/),
    ]);
  });

  it("stops paging once the log reaches back before --since", async () => {
    const { api, receiver, client } = await setup({ pingOnCreate: false, pageSize: 2 });
    const hook = await client.create({
      url: receiver.url,
      events: ["*"],
      name: "",
      secret: SECRET,
    });
    for (let n = 0; n < 6; n++) await api.state.deliverEvent(hook.id, "push", {});
    const log = api.state.hook(hook.id)?.deliveries ?? [];
    // Back-date the oldest four, as if they were sent an hour ago.
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const delivery of log.slice(0, 4)) delivery.delivered_at = hourAgo;
    const recent = (await client.deliveries?.(hook.id, new Date(Date.now() - 60_000))) ?? [];
    expect(recent.map((d) => d.id)).toEqual(
      log
        .slice(4)
        .reverse()
        .map((d) => String(d.id)),
    );
    expect(api.requests.filter((r) => r.path.endsWith("/deliveries"))).toHaveLength(2);
  });

  it("redelivers (202): GitHub sends the same delivery again, same guid, signed, logged as a redelivery", async () => {
    const { api, receiver, client } = await setup({ pingOnCreate: false });
    const hook = await client.create({
      url: receiver.url,
      events: ["push"],
      name: "",
      secret: SECRET,
    });
    receiver.answer(503);
    const first = await api.state.deliverEvent(hook.id, "push", { ref: "refs/heads/main" });
    expect((await client.deliveries?.(hook.id))?.[0]).toMatchObject({
      ok: false,
      status: 503,
      message: "Invalid HTTP Response: 503",
    });
    receiver.answer(200);
    const results = await client.redeliver?.(hook.id, [String(first.id), "999999"]);
    expect(results).toEqual([
      { id: String(first.id), ok: true, message: null },
      { id: "999999", ok: false, message: expect.stringContaining("Not Found") },
    ]);
    await api.state.settled();
    const again = receiver.received[1];
    expect(again?.headers["x-github-delivery"]).toBe(first.guid);
    expect(again?.body.equals(receiver.received[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(verifies(again)).toBe(true);
    expect((await client.deliveries?.(hook.id))?.[0]).toMatchObject({
      eventId: first.guid,
      redelivery: true,
      ok: true,
    });
    await expect(client.redeliver?.(hook.id, ["abc"])).rejects.toThrow(UsageError);
  });
});
