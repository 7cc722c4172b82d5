import { expect } from "vitest";
import { ProviderRefused } from "../../src/webhooks/api-error.js";

// What the providers' client tests share: catching the error a call must fail with.

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
