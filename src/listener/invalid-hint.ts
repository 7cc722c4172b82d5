import type { Provider, VerifyInput } from "../providers/types.js";
import { explainHint } from "../signing/explain.js";

/**
 * Bodies over this size get no hint. `--explain` tries about 20 variants, each a verification
 * and some a JSON re-serialisation of the body, so a hint costs some 20 times a check: real
 * webhook bodies are well under 64 KiB, and a larger invalid one is left to `hooks verify`.
 */
export const MAX_HINT_BODY = 64 * 1024;

/**
 * At most this many hints a second, whatever arrives: valid requests never pay for hints, but a
 * flood of invalid ones (a wrong secret, or an attacker) must not cost the listener 20 times
 * its work per request. Past the budget a line shows the plain reason, as before.
 */
export const MAX_HINTS_PER_SECOND = 20;

let second = Number.NaN;
let given = 0;

/**
 * The `--explain` hint for a request whose signature did not match (`query string differs: try
 * https://…/hook`), or undefined: none would have matched, the body is too large, or this
 * second's budget is spent. `now` is the request's Unix second. Never throws.
 */
export function invalidHint(
  provider: Provider,
  input: VerifyInput,
  now: number,
): string | undefined {
  if (input.body.length > MAX_HINT_BODY) return undefined;
  if (now !== second) {
    second = now;
    given = 0;
  }
  if (given >= MAX_HINTS_PER_SECOND) return undefined;
  given += 1;
  try {
    return explainHint(provider, input);
  } catch {
    return undefined;
  }
}
