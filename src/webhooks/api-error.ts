import { CheckFailed, UsageError } from "../errors.js";

// A provider's answer that is not a success, in the provider's own words. A 4xx means the request
// hooks made from the user's input was refused (a credential, an id, a URL): exit 2, as for any
// wrong input. A 5xx, or a provider that cannot be reached, is not the user's input: exit 1.

/** `square: AUTHENTICATION_ERROR UNAUTHORIZED: This request could not be authorized. (HTTP 401)` */
export function providerError(provider: string, status: number, words: string): Error {
  const message = `${provider}: ${words} (HTTP ${status})`;
  return status >= 400 && status < 500
    ? new ProviderRefused(message, status)
    : new CheckFailed(message);
}

/** The provider refused the request (4xx): exit 2. */
export class ProviderRefused extends UsageError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** No answer at all: connection refused, DNS, TLS, timeout. Exit 1. */
export class ApiUnreachable extends CheckFailed {
  constructor(host: string, reason: string) {
    super(`could not reach ${host}: ${reason}`);
  }
}
