import { describe, expect, it } from "vitest";
import { CheckFailed } from "../../src/errors.js";
import { nextLink } from "../../src/webhooks/github-api-http.js";
import { startFakeServer, type FakeServer } from "../fixtures/fake-apis/fake-http.js";
import {
  GITHUB_FAKE_TOKEN,
  startGithubFake,
  type GithubFakeOptions,
} from "../fixtures/fake-apis/github.js";
import { closedAfterEach, refusal } from "./api-kit.js";
import { githubClient } from "./github-helpers.js";

const SECRET = "It's a Secret to Everybody";
const closeLater = closedAfterEach();

async function fake(options: GithubFakeOptions = {}) {
  return closeLater(await startGithubFake({ pingOnCreate: false, ...options }));
}

describe("github webhooks client: GitHub's refusals in its own words", () => {
  it("a bad token is Bad credentials (exit 2), never showing the token", async () => {
    const api = await fake();
    const token = "ghp_wrongTokenWrongTokenWrongToken000000";
    const { api: client } = await githubClient(api.url, { repo: "octo/hello" }, { token });
    const error = await refusal(client.list());
    expect(error.message).toBe("github: Bad credentials (HTTP 401)");
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toContain(token.slice(4));
  });

  it("a second hook on the same URL is Validation Failed: Hook already exists on this repository", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    await client.create({ url: "https://example.com/a", events: [], name: "", secret: SECRET });
    const error = await refusal(
      client.create({ url: "https://example.com/a", events: [], name: "", secret: SECRET }),
    );
    expect(error.message).toBe(
      "github: Validation Failed: Hook already exists on this repository (HTTP 422)",
    );
  });

  it("a URL off the public Internet is refused as GitHub refuses it", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    const error = await refusal(
      client.create({ url: "http://localhost:3000/x", events: [], name: "", secret: SECRET }),
    );
    expect(error.message).toContain(
      "Sorry, the URL host localhost is not supported because it isn't reachable over the public Internet",
    );
    expect(error.status).toBe(422);
  });

  it("an unknown repository is Not Found naming it", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url, { repo: "octo/missing" });
    expect((await refusal(client.list())).message).toContain("Not Found (repository octo/missing;");
  });

  it("a 5xx is a failed check (exit 1) with GitHub's message", async () => {
    const broken: FakeServer = await startFakeServer(() => ({
      status: 502,
      body: { message: "Server Error" },
    }));
    closeLater(broken);
    const { api: client } = await githubClient(broken.url);
    const error = await client.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailed);
    expect((error as Error).message).toBe("github: Server Error (HTTP 502)");
  });
});

describe("github webhooks client: rate limits", () => {
  it("retries a 429 with retry-after (api-http) and a 403 with retry-after once, after the wait asked", async () => {
    const api = await fake();
    const { api: client, waits } = await githubClient(api.url);
    api.state.throttle(2, { status: 429 });
    expect(await client.list()).toEqual([]);
    api.state.throttle(1, { status: 403, retryAfter: 7 });
    expect(await client.list()).toEqual([]);
    expect(waits).toEqual([7000]);
    expect(api.requests).toHaveLength(5);
  });

  it("a second 403 in a row is GitHub's secondary rate limit message", async () => {
    const api = await fake();
    const { api: client } = await githubClient(api.url);
    api.state.throttle(2, { status: 403 });
    const error = await refusal(client.list());
    expect(error.message).toMatch(/^github: You have exceeded a secondary rate limit/);
    expect(api.requests).toHaveLength(2);
  });
});

describe("Link header", () => {
  it("finds rel=next among GitHub's rels, and nothing when there is none", () => {
    const header =
      '<https://api.github.com/repositories/1/hooks?page=1>; rel="prev", <https://api.github.com/repositories/1/hooks?page=3>; rel="next", <https://api.github.com/repositories/1/hooks?page=5>; rel="last"';
    expect(nextLink(header)).toBe("https://api.github.com/repositories/1/hooks?page=3");
    expect(nextLink('<https://x/?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe("the fake GitHub refuses what GitHub refuses", () => {
  async function raw(
    api: FakeServer,
    method: string,
    path: string,
    body?: unknown,
    token = GITHUB_FAKE_TOKEN,
  ) {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "x-github-api-version": "2022-11-28" },
      ...(body !== undefined
        ? { body: typeof body === "string" ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      json: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>),
    };
  }
  const valid = {
    name: "web",
    config: { url: "https://example.com/h", content_type: "json" },
    events: ["push"],
  };

  it("checks the create body: no unknown keys, name web, a config with a url, JSON at all", async () => {
    const api = await fake();
    const path = "/repos/octo/hello/hooks";
    const extra = await raw(api, "POST", path, { ...valid, secret: "s" });
    expect(extra.status).toBe(422);
    expect(extra.json?.["message"]).toContain('"secret" is not a permitted key.');
    const named = await raw(api, "POST", path, { ...valid, name: "cli" });
    expect(named.status).toBe(422);
    expect(named.json?.["message"]).toBe("Validation Failed");
    const noUrl = await raw(api, "POST", path, { ...valid, config: { content_type: "json" } });
    expect(noUrl.status).toBe(422);
    expect(noUrl.json?.["errors"]).toEqual([
      expect.objectContaining({ resource: "Hook", field: "url" }),
    ]);
    expect((await raw(api, "POST", path, "{not json")).status).toBe(400);
    expect((await raw(api, "POST", "/orgs/octo-org/hooks", { config: valid.config })).status).toBe(
      422,
    );
    expect(api.state.hooks).toHaveLength(0);
    const created = await raw(api, "POST", path, valid);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(
      `${api.url}/repos/octo/hello/hooks/${String(created.json?.["id"])}`,
    );
  });

  it("answers Bad credentials, Requires authentication, and Not Found for unknown hooks and routes", async () => {
    const api = await fake();
    expect(
      (await raw(api, "GET", "/repos/octo/hello/hooks", undefined, "nope")).json?.["message"],
    ).toBe("Bad credentials");
    const bare = await fetch(`${api.url}/repos/octo/hello/hooks`);
    expect(bare.status).toBe(401);
    expect((await raw(api, "GET", "/repos/octo/hello/hooks/1")).status).toBe(404);
    expect((await raw(api, "PUT", "/repos/octo/hello/hooks")).status).toBe(404);
  });

  it("shows the secret as ******** and keeps it through a /config PATCH", async () => {
    const api = await fake();
    const created = await raw(api, "POST", "/repos/octo/hello/hooks", {
      ...valid,
      config: { ...valid.config, secret: "s3cret" },
    });
    expect((created.json?.["config"] as Record<string, unknown>)["secret"]).toBe("********");
    const id = String(created.json?.["id"]);
    const config = await raw(api, "PATCH", `/repos/octo/hello/hooks/${id}/config`, {
      url: "https://example.com/new",
    });
    expect(config.json).toEqual({
      url: "https://example.com/new",
      content_type: "json",
      insecure_ssl: "0",
      secret: "********",
    });
    expect(api.state.hook(id)?.config.secret).toBe("s3cret");
  });
});
