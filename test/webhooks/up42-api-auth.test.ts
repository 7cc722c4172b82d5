import { afterEach, describe, expect, it } from "vitest";
import { CheckFailed } from "../../src/errors.js";
import { ApiUnreachable, ProviderRefused } from "../../src/webhooks/api-error.js";
import { failure } from "./api-kit.js";
import { apiRequests, closeAll, PASSWORD, setup, type Fake } from "./up42-setup.js";

afterEach(closeAll);

// The UP42 client's access: tokens that live 300 s (settable in the fake), renewed 30 s before
// they run out by the injected clock, and once more when UP42 says a token expired anyway; and
// every refusal in UP42's (or its Keycloak's) own words, with no token or password in them.

function bearers(fake: Fake): string[] {
  return apiRequests(fake).map((request) =>
    String(request.headers.authorization).replace(/^Bearer /, ""),
  );
}

function expectNoCredentialIn(message: string, fake: Fake): void {
  expect(message).not.toContain(PASSWORD);
  for (const token of fake.state.tokens) expect(message).not.toContain(token);
}

describe("up42 access tokens", () => {
  it("keeps a token while more than 30 s is left and gets a new one before it runs out", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const { fake, api } = await setup({ tokenLifetimeSeconds: 60, clock }, { clock });
    await api.list();
    now += 29_000; // 31 s left: still good
    await api.list();
    expect(fake.state.tokens).toHaveLength(1);
    now += 2_000; // 29 s left: renewed before the request, which never sees a 401
    await api.list();
    expect(fake.state.tokens).toHaveLength(2);
    expect(bearers(fake)).toEqual([
      fake.state.tokens[0],
      fake.state.tokens[0],
      fake.state.tokens[1],
    ]);
  });

  it("a 401 saying the token expired gets one new token and the request again", async () => {
    let fakeNow = 5_000_000;
    // The client's clock stands still, so only UP42's answer can tell it the token is dead.
    const { fake, api } = await setup({ clock: () => fakeNow }, { clock: () => 0 });
    await api.list();
    fakeNow += 301_000;
    const listed = await api.list();
    expect(listed).toEqual([]);
    expect(fake.state.tokens).toHaveLength(2);
    const [first, second] = fake.state.tokens;
    expect(bearers(fake)).toEqual([first, first, second]);
  });

  it("gives up after one retry when the new token is refused as expired too", async () => {
    const { fake, api } = await setup({ tokenLifetimeSeconds: 0 });
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toMatch(/^up42: invalid_token: Token expired \(HTTP 401\)$/);
    // userinfo: the first token, then one more; no loop.
    expect(fake.state.tokens).toHaveLength(2);
    expectNoCredentialIn(error.message, fake);
  });

  it("a 401 that is not about expiry is not retried", async () => {
    const { fake, api } = await setup();
    await api.list();
    fake.state.tokenExpiries.clear(); // revoked at UP42's end
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "up42: UNAUTHORIZED: Full authentication is required to access this resource (HTTP 401)",
    );
    expect(fake.state.tokens).toHaveLength(1);
    expectNoCredentialIn(error.message, fake);
  });

  it("a wrong password is refused in Keycloak's words, exit 2, the password not shown", async () => {
    const { fake, api } = await setup({}, { password: "wrong-password-here" });
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect((error as ProviderRefused).exitCode).toBe(2);
    expect(error.message).toBe("up42: invalid_grant: Invalid user credentials (HTTP 401)");
    expect(error.message).not.toContain("wrong-password-here");
    expect(apiRequests(fake)).toHaveLength(0);
  });
});

describe("up42 refusals and outages", () => {
  it("what UP42 rejects comes back in its words with exit 2", async () => {
    const { fake, api } = await setup({ requireHttps: true });
    const cases = [
      [{ url: "http://plain.test/", events: ["job.status"] }, "url: HTTPS is required"],
      [{ url: "https://a.test/", events: ["image.ready"] }, "events: unknown event image.ready"],
      [{ url: "https://a.test/", events: [] }, "events: must not be empty"],
    ] as const;
    for (const [input, words] of cases) {
      const error = await failure(api.create({ ...input, events: [...input.events], name: "n" }));
      expect(error).toBeInstanceOf(ProviderRefused);
      expect(error.message).toBe(`up42: BAD_REQUEST: ${words} (HTTP 400)`);
      expectNoCredentialIn(error.message, fake);
    }
    expect(fake.state.webhooks.size).toBe(0);
  });

  it("429 is retried with backoff until UP42 answers", async () => {
    const { fake, api } = await setup({ tooManyRequests: 3 });
    expect(await api.events()).toHaveLength(2);
    // Three 429s on the token request, then the token, userinfo is not needed for events.
    expect(fake.requests.filter((request) => request.path.endsWith("/token"))).toHaveLength(4);
    expect(fake.state.tooManyRequests).toBe(0);
  });

  it("a 5xx is not the user's fault: exit 1, in UP42's words", async () => {
    const { fake, api } = await setup();
    await api.list();
    fake.state.serverErrors = 1;
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(CheckFailed);
    expect(error).not.toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "up42: SERVICE_UNAVAILABLE: The service is temporarily unavailable (HTTP 503)",
    );
  });

  it("an API nobody answers at is unreachable, exit 1", async () => {
    const { fake, api } = await setup();
    await fake.close();
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(ApiUnreachable);
    expect(error.message).toMatch(/^could not reach 127\.0\.0\.1:\d+/);
  });
});
