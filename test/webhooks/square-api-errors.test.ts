import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CheckFailed, UsageError } from "../../src/errors.js";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import type { ApiHttp, ApiRequest } from "../../src/webhooks/api-http.js";
import { createSquareApi } from "../../src/webhooks/square-api.js";
import { squareTime } from "../../src/webhooks/square-wire.js";
import type { ApiContext, WebhookApi } from "../../src/webhooks/types.js";
import { startFakeServer, type FakeServer } from "../fixtures/fake-apis/fake-http.js";
import {
  SQUARE_FAKE_TOKEN,
  startSquareFake,
  type SquareFake,
  type SquareFakeOptions,
} from "../fixtures/fake-apis/square.js";
import { squareSignature } from "../fixtures/fake-apis/square-state.js";
import { closedAfterEach, failure, fakeContext } from "./api-kit.js";

const closeLater = closedAfterEach();

async function fake(options: SquareFakeOptions = {}): Promise<SquareFake> {
  return closeLater(await startSquareFake(options));
}

async function api(server: FakeServer, overrides: Partial<ApiContext> = {}): Promise<WebhookApi> {
  return createSquareApi(await fakeContext(server.url, { token: SQUARE_FAKE_TOKEN }, overrides));
}

const input = { url: "https://example.test/webhooks", events: ["payment.created"], name: "x" };

describe("square API client: errors in Square's words", () => {
  it("a refused token is exit 2 in Square's words, and the token is in no message", async () => {
    const server = await fake();
    const token = "EAAAEwrongTokenThatMustNeverBePrinted0123456789";
    const client = await api(server, { credentials: { token } });
    const error = await failure(client.list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect((error as ProviderRefused).exitCode).toBe(2);
    expect(error.message).toBe(
      "square: AUTHENTICATION_ERROR UNAUTHORIZED: This request could not be authorized. (HTTP 401)",
    );
    expect(error.message).not.toContain(token);
  });

  it("strikes the token out of an answer that echoes it", async () => {
    const token = "EAAAEechoedTokenThatMustNeverBePrinted012345";
    const server = await startFakeServer(() => ({
      status: 401,
      body: {
        errors: [
          { category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: `bad ${token}` },
        ],
      },
    }));
    closeLater(server);
    const error = await failure((await api(server, { credentials: { token } })).list());
    expect(error.message).toMatch(
      /^square: AUTHENTICATION_ERROR UNAUTHORIZED: bad \S+ \(HTTP 401\)$/,
    );
    expect(error.message).not.toContain(token);
  });

  it("refuses a notification URL that is not https, as Square does", async () => {
    const server = await fake();
    const error = await failure(
      (await api(server)).create({ ...input, url: "http://127.0.0.1:9/x" }),
    );
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "square: INVALID_REQUEST_ERROR INVALID_VALUE: The notification URL must use HTTPS. (field subscription.notification_url) (HTTP 400)",
    );
    expect(server.state.subscriptions.size).toBe(0);
  });

  it("refuses an event type Square does not offer", async () => {
    const server = await fake();
    const error = await failure(
      (await api(server)).create({ ...input, events: ["payment.made_up"] }),
    );
    expect(error.message).toMatch(
      /^square: INVALID_REQUEST_ERROR INVALID_VALUE: Invalid event type: payment\.made_up\./,
    );
  });

  it("refuses --secret on create: Square makes the key, and nothing is sent", async () => {
    const server = await fake();
    const error = await failure((await api(server)).create({ ...input, secret: "mine" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(server.requests).toHaveLength(0);
  });

  it("a reused idempotency key replays the same request and refuses a different one", async () => {
    const server = await fake();
    const client = await api(server, { newId: () => "one-key-for-every-request" });
    const first = await client.create(input);
    expect((await client.create(input)).id).toBe(first.id);
    expect(server.state.subscriptions.size).toBe(1);
    const error = await failure(client.create({ ...input, name: "another" }));
    expect(error.message).toMatch(/^square: INVALID_REQUEST_ERROR IDEMPOTENCY_KEY_REUSED: /);
  });

  it("retries 429 RATE_LIMITED and then succeeds", async () => {
    const server = await fake({ rateLimited: 2 });
    await (await api(server)).list();
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after the retries with Square's rate-limit words", async () => {
    const server = await fake({ rateLimited: 100 });
    const error = await failure((await api(server)).list());
    expect(error.message).toBe(
      "square: RATE_LIMIT_ERROR RATE_LIMITED: Rate limit exceeded, please try again later. (HTTP 429)",
    );
  });

  it("a 5xx is exit 1 (CheckFailed), not the user's input", async () => {
    const server = await startFakeServer(() => ({
      status: 503,
      body: {
        errors: [{ category: "API_ERROR", code: "SERVICE_UNAVAILABLE", detail: "Try later." }],
      },
    }));
    closeLater(server);
    const error = await failure((await api(server)).events());
    expect(error).toBeInstanceOf(CheckFailed);
    expect(error).not.toBeInstanceOf(UsageError);
    expect(error.message).toBe("square: API_ERROR SERVICE_UNAVAILABLE: Try later. (HTTP 503)");
  });
});

describe("square API client: hosts and times", () => {
  async function hostFor(environment: ApiContext["environment"]): Promise<string> {
    const seen: ApiRequest[] = [];
    const http: ApiHttp = async (request) => {
      seen.push(request);
      return { status: 200, headers: {}, text: "{}", json: {} };
    };
    const client = createSquareApi({
      credentials: { token: SQUARE_FAKE_TOKEN },
      apiUrl: undefined,
      environment,
      target: {},
      live: false,
      http,
      clock: Date.now,
      newId: randomUUID,
    });
    await client.list();
    return new URL(seen[0]?.url ?? "").origin;
  }

  it("talks to the sandbox by default and to production when asked", async () => {
    expect(await hostFor("sandbox")).toBe("https://connect.squareupsandbox.com");
    expect(await hostFor("production")).toBe("https://connect.squareup.com");
  });

  it("reads Square's Go-style times as ISO 8601", () => {
    // Both shapes are the API reference's own examples.
    expect(squareTime("2022-01-10 23:29:48 +0000 UTC")).toBe("2022-01-10T23:29:48.000Z");
    expect(squareTime("2022-01-11 00:06:48.322945116 +0000 UTC m=+3863.054453746")).toBe(
      "2022-01-11T00:06:48.322Z",
    );
    expect(squareTime("2022-01-10T23:29:48.5-0100")).toBe("2022-01-11T00:29:48.500Z");
    expect(squareTime("yesterday")).toBeNull();
  });

  it("a missing token is a usage error naming the variable", () => {
    expect(() =>
      createSquareApi({
        credentials: {},
        apiUrl: undefined,
        environment: "sandbox",
        target: {},
        live: false,
        http: async () => ({ status: 500, headers: {}, text: "", json: undefined }),
        clock: Date.now,
        newId: randomUUID,
      }),
    ).toThrow(/SQUARE_ACCESS_TOKEN/);
  });
});

describe("square fake", () => {
  it("signs as Square does (official vector)", () => {
    // square/square-nodejs-sdk, tests/integration/webhooks.test.ts.
    const body =
      '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}';
    const url = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    expect(squareSignature("Ibxx_5AKakO-3qeNVR61Dw", url, body)).toBe(
      "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
    );
  });

  it("refuses what Square refuses: no Authorization, a bad Square-Version, a form body, no subscription", async () => {
    const server = await fake();
    const base = `${server.url}/v2/webhooks/subscriptions`;
    const auth = { authorization: `Bearer ${SQUARE_FAKE_TOKEN}` };
    const codes = async (init: RequestInit): Promise<[number, string]> => {
      const response = await fetch(base, init);
      const body = (await response.json()) as { errors: { code: string }[] };
      return [response.status, body.errors[0]?.code ?? ""];
    };
    expect(await codes({})).toEqual([401, "UNAUTHORIZED"]);
    expect(await codes({ headers: { ...auth, "square-version": "latest" } })).toEqual([
      400,
      "INVALID_SQUARE_VERSION_FORMAT",
    ]);
    const form = { ...auth, "content-type": "application/x-www-form-urlencoded" };
    expect(await codes({ method: "POST", headers: form, body: "a=b" })).toEqual([
      400,
      "INVALID_CONTENT_TYPE",
    ]);
    const json = { ...auth, "content-type": "application/json" };
    expect(await codes({ method: "POST", headers: json, body: "{}" })).toEqual([
      400,
      "MISSING_REQUIRED_PARAMETER",
    ]);
  });
});
