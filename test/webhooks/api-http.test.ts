import { afterEach, describe, expect, it } from "vitest";
import { CheckFailed } from "../../src/errors.js";
import { createApiHttp } from "../../src/webhooks/api-http.js";
import { startFakeServer, type FakeServer } from "../fixtures/fake-apis/fake-http.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the management APIs' HTTP layer", () => {
  it("retries a 429 after the Retry-After the provider gave, then hands back the answer", async () => {
    let refused = 2;
    server = await startFakeServer(() =>
      refused-- > 0
        ? { status: 429, headers: { "retry-after": "3" }, body: { error: "slow down" } }
        : { status: 200, body: { ok: true } },
    );
    const waits: number[] = [];
    const http = await createApiHttp({ sleep: async (ms) => void waits.push(ms) });
    const response = await http({ method: "GET", url: `${server.url}/v2/x` });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true });
    expect(waits).toEqual([3000, 3000]);
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after its retries and returns the 429 for the client to word", async () => {
    server = await startFakeServer(() => ({
      status: 429,
      body: { errors: [{ code: "RATE_LIMITED" }] },
    }));
    const waits: number[] = [];
    const http = await createApiHttp({ retries: 2, sleep: async (ms) => void waits.push(ms) });
    const response = await http({ method: "GET", url: `${server.url}/` });
    expect(response.status).toBe(429);
    expect(waits).toHaveLength(2);
    // Doubling with jitter: the second wait is in [500, 1000) ms.
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeLessThan(1000);
  });

  it("sends JSON and forms with their content types", async () => {
    server = await startFakeServer(() => ({ status: 200, body: {} }));
    const http = await createApiHttp();
    await http({ method: "POST", url: `${server.url}/json`, json: { a: 1 } });
    await http({
      method: "POST",
      url: `${server.url}/form`,
      form: [
        ["enabled_events[]", "a"],
        ["enabled_events[]", "b"],
      ],
    });
    expect(server.requests[0]?.json).toEqual({ a: 1 });
    expect(server.requests[1]?.form?.getAll("enabled_events[]")).toEqual(["a", "b"]);
  });

  it("says which host it could not reach, as a failed check (exit 1)", async () => {
    server = await startFakeServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    server = undefined;
    const http = await createApiHttp();
    const error = await http({ method: "GET", url: `${url}/` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailed);
    expect(String((error as Error).message)).toMatch(
      /^could not reach 127\.0\.0\.1:\d+: .*refused/,
    );
  });
});
