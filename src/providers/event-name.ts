import type { HeaderMap, Provider } from "./types.js";

/**
 * The name of an event, the one `hooks send`, `hooks listen`, `hooks events` and the inspector
 * all show: the provider's fullest name for it, read from the request as the receiver sees it
 * (GitHub's `X-GitHub-Event` plus the body's `action`: `pull_request.opened`, not the catalog's
 * `pull_request`). Undefined when the request names none; never throws, since a provider's reader
 * meets whatever a sender posted.
 */
export function eventName(
  provider: Provider,
  headers: HeaderMap,
  json: unknown,
): string | undefined {
  try {
    const name = provider.eventType(headers, json);
    return name === "" ? undefined : name;
  } catch {
    return undefined;
  }
}
