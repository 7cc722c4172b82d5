import { randomUUID } from "node:crypto";
import { afterEach, expect } from "vitest";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import { createApiHttp } from "../../src/webhooks/api-http.js";
import type { ApiContext } from "../../src/webhooks/types.js";

// What the providers' client tests share: a client's context on a fake, servers closed after each
// test, and catching the error a call must fail with.

/** A context on the fake at `apiUrl`: sandbox, no target, not live, no real waits, the real clock. */
export async function fakeContext(
  apiUrl: string,
  credentials: ApiContext["credentials"],
  overrides: Partial<ApiContext> = {},
): Promise<ApiContext> {
  return {
    credentials,
    apiUrl,
    environment: "sandbox",
    target: {},
    live: false,
    http: await createApiHttp({ sleep: async () => {} }),
    clock: () => Date.now(),
    newId: randomUUID,
    ...overrides,
  };
}

/** The Error that `promise` rejects with; the test fails if it resolves or rejects with no Error. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** The ProviderRefused (the provider's own "no", exit 2) that `promise` rejects with. */
export async function refusal(promise: Promise<unknown>): Promise<ProviderRefused> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ProviderRefused);
  return error as ProviderRefused;
}

export interface Closable {
  close(): Promise<void>;
}

/**
 * Call it at a test file's top level, once a file (test files share imported modules: vitest's
 * isolate is off): it gives a function that hands back the server it is given and closes it after
 * the test, the last started first.
 */
export function closedAfterEach(): <T extends Closable>(server: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    while (open.length > 0) await open.pop()?.close();
  });
  return (server) => {
    open.push(server);
    return server;
  };
}
