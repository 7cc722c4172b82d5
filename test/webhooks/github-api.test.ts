import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { github } from "../../src/providers/github.js";
import { startGithubFake, type GithubFakeOptions } from "../fixtures/fake-apis/github.js";
import { closedAfterEach, refusal } from "./api-kit.js";
import { githubClient, startReceiver } from "./github-helpers.js";

const SECRET = "It's a Secret to Everybody";
const closeLater = closedAfterEach();

async function fake(options: GithubFakeOptions = {}) {
  return closeLater(await startGithubFake({ pingOnCreate: false, ...options }));
}

describe("github webhooks client: hooks", () => {
  it("creates a json hook for every event with hooks' secret, sends GitHub's headers and hands the secret back", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    const created = await client.create({
      url: "https://example.com/hooks",
      events: [],
      name: "x",
      secret: SECRET,
    });
    const request = api.requests.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/repos/octo/hello/hooks");
    expect(request?.headers["authorization"]).toMatch(/^Bearer ghp_/);
    expect(request?.headers["accept"]).toBe("application/vnd.github+json");
    expect(request?.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(JSON.parse(request?.body.toString() ?? "")).toEqual({
      name: "web",
      active: true,
      events: ["*"],
      config: {
        url: "https://example.com/hooks",
        content_type: "json",
        insecure_ssl: "0",
        secret: SECRET,
      },
    });
    const stored = api.state.hooks[0];
    expect(stored?.config.secret).toBe(SECRET);
    expect(created).toEqual({
      id: String(stored?.id),
      url: "https://example.com/hooks",
      events: ["*"],
      enabled: true,
      createdAt: new Date(stored?.created_at ?? "").toISOString(),
      provider: "github",
      name: "web",
      secret: SECRET,
    });
    // Read back, GitHub shows `********`, never the secret.
    expect((await client.get(created.id)).secret).toBeUndefined();
  });

  it("refuses to create or update without a secret, naming --secret, and sends nothing", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    await expect(
      client.create({ url: "https://example.com/a", events: [], name: "" }),
    ).rejects.toThrow(UsageError);
    await expect(client.update("12345678", { url: "https://example.com/b" })).rejects.toThrow(
      /--secret/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it("lists every page (per_page=100, Link rel=next) of a repository's hooks", async () => {
    const api = await fake({ pageSize: 2 });
    const { api: client } = await githubClient(api.url);
    for (let n = 0; n < 5; n++) {
      await client.create({
        url: `https://example.com/${n}`,
        events: ["push"],
        name: "",
        secret: SECRET,
      });
    }
    const listed = await client.list();
    expect(listed.map((hook) => hook.url)).toEqual(
      [0, 1, 2, 3, 4].map((n) => `https://example.com/${n}`),
    );
    const gets = api.requests.filter((r) => r.method === "GET");
    expect(gets).toHaveLength(3);
    expect(gets[0]?.query.get("per_page")).toBe("100");
    expect(gets.map((r) => r.query.get("page"))).toEqual([null, "2", "3"]);
  });

  it("re-points a hook keeping its events, content type and secret, so later deliveries still verify", async () => {
    const api = await fake({ requireHttps: false });
    const receiver = closeLater(await startReceiver());
    const { api: client } = await githubClient(api.url);
    const created = await client.create({
      url: "http://127.0.0.1:1/old",
      events: ["push", "issues"],
      name: "",
      secret: SECRET,
    });
    const updated = await client.update(created.id, { url: receiver.url, secret: SECRET });
    expect(updated).toMatchObject({
      id: created.id,
      url: receiver.url,
      events: ["push", "issues"],
      enabled: true,
      secret: SECRET,
    });
    const hook = api.state.hook(created.id);
    expect(hook?.config).toEqual({
      url: receiver.url,
      content_type: "json",
      insecure_ssl: "0",
      secret: SECRET,
    });
    await api.state.deliverEvent(created.id, "push", { ref: "refs/heads/main" });
    const delivery = receiver.received[0];
    expect(delivery).toBeDefined();
    const verdict = github.verify({
      body: delivery?.body ?? Buffer.alloc(0),
      headers: delivery?.headers as Record<string, string>,
      secrets: [SECRET],
    });
    expect(verdict.valid).toBe(true);
  });

  it("disables a hook without touching its URL or events", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    const created = await client.create({
      url: "https://example.com/a",
      events: ["issues"],
      name: "",
      secret: SECRET,
    });
    const updated = await client.update(created.id, { enabled: false, secret: SECRET });
    expect(updated).toMatchObject({
      url: "https://example.com/a",
      events: ["issues"],
      enabled: false,
    });
    expect(api.state.hook(created.id)?.config.secret).toBe(SECRET);
  });

  it("the fake removes the secret of a hook PATCHed without it, as GitHub does, and then signs nothing", async () => {
    const api = await fake({ requireHttps: false });
    const receiver = closeLater(await startReceiver());
    const { api: client } = await githubClient(api.url);
    const created = await client.create({
      url: receiver.url,
      events: ["*"],
      name: "",
      secret: SECRET,
    });
    const response = await fetch(`${api.url}/repos/octo/hello/hooks/${created.id}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${String(api.requests[0]?.headers["authorization"]).slice(7)}`,
      },
      body: JSON.stringify({ config: { url: receiver.url, content_type: "json" } }),
    });
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { config: Record<string, unknown> }).config,
    ).not.toHaveProperty("secret");
    await api.state.deliverEvent(created.id, "push", {});
    expect(receiver.received[0]?.headers).not.toHaveProperty("x-hub-signature-256");
  });

  it("deletes a hook (204); a second delete is GitHub's Not Found naming the repository", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    const created = await client.create({
      url: "https://example.com/a",
      events: [],
      name: "",
      secret: SECRET,
    });
    await client.delete(created.id);
    expect(api.state.hooks).toHaveLength(0);
    const error = await refusal(client.delete(created.id));
    expect(error.message).toBe(
      "github: Not Found (repository octo/hello; GitHub also says Not Found when the token lacks the admin:repo_hook or admin:org_hook scope) (HTTP 404)",
    );
  });

  it("works on organisation hooks under /orgs, and on GitHub Enterprise's /api/v3", async () => {
    const api = await fake();
    const { api: client } = await githubClient(`${api.url}/api/v3/`, { org: "octo-org" });
    const created = await client.create({
      url: "https://example.com/org",
      events: ["push"],
      name: "",
      secret: SECRET,
    });
    expect(api.requests.at(-1)?.path).toBe("/api/v3/orgs/octo-org/hooks");
    expect(await client.list()).toEqual([
      expect.objectContaining({ id: created.id, url: "https://example.com/org" }),
    ]);
    await client.update(created.id, { url: "https://example.com/org2", secret: SECRET });
    expect(api.state.hook(created.id)?.config).toMatchObject({
      url: "https://example.com/org2",
      secret: SECRET,
    });
  });

  it("wants exactly one well-formed target, but lists events without any", async () => {
    const api = await fake();
    for (const target of [
      {},
      { repo: "octo/hello", org: "octo-org" },
      { repo: "octo" },
      { repo: "a/b/c" },
      { org: "bad/org" },
    ]) {
      const { api: client } = await githubClient(api.url, target);
      await expect(client.list()).rejects.toThrow(UsageError);
    }
    const { api: client } = await githubClient(api.url, {});
    const events = await client.events();
    expect(events.map((e) => e.name)).toEqual(
      expect.arrayContaining(["*", "push", "pull_request", "issues"]),
    );
    expect(events.every((e) => typeof e.description === "string")).toBe(true);
    expect(api.requests).toHaveLength(0);
  });
});
