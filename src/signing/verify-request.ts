import { UsageError } from "../errors.js";
import { loadProvider } from "../providers/load-provider.js";
import type { Provider, VerifyInput, VerifyResult } from "../providers/types.js";
import type { HeaderMap } from "../util/headers.js";
import type { Explanation } from "./explain.js";

export interface VerifyOutcome {
  valid: boolean;
  provider: string;
  reason: string;
  code?: string;
  /** The headers name another provider than HOOKS_PROVIDER or the profile expects. */
  note?: string;
  explanation?: Explanation;
}

export interface VerifyRequestOptions {
  providerId?: string | undefined;
  body: Buffer;
  headers: HeaderMap;
  secrets: string[];
  url?: string | undefined;
  now?: number | undefined;
  toleranceSec?: number | undefined;
  explain?: boolean | undefined;
  note?: string | undefined;
}

/** A provider HOOKS_PROVIDER or the profile names: the default when the headers name none. */
export interface ExpectedProvider {
  id: string;
  /** Where it came from, as describeSource says it: `HOOKS_PROVIDER`, `profile "default"`. */
  from: string | undefined;
}

export interface ProviderChoice {
  provider: Provider;
  /** "signed as github, but the profile "default" expects square". */
  note?: string;
}

/**
 * Picks the provider: the one named (loading only its module, for verify's cold start), else the
 * one the headers make clear, else the expected one (HOOKS_PROVIDER, the profile's). Headers that
 * clearly name a scheme win over an expectation, which is only a default: the expected provider
 * is tried first, so that when it matches (or headers are shared, as with every sender of Standard
 * Webhooks) the registry is never loaded.
 */
export async function chooseProvider(
  providerId: string | undefined,
  headers: HeaderMap,
  expected?: ExpectedProvider,
): Promise<ProviderChoice> {
  if (providerId) return { provider: await loadProvider(providerId) };
  const fallback = expected ? await loadProvider(expected.id) : undefined;
  if (fallback?.detect(headers)) return { provider: fallback };
  const { detectProvider, listProviders } = await import("../providers/index.js");
  const detected = detectProvider(headers);
  if (detected && fallback) {
    return { provider: detected, note: mismatchNote(detected.id, expected as ExpectedProvider) };
  }
  const provider = detected ?? fallback;
  if (!provider) {
    throw new UsageError(
      `cannot tell the provider from the headers; pass --provider (${listProviders()
        .map((p) => p.id)
        .join(", ")})`,
    );
  }
  return { provider };
}

/**
 * The one wording for a request signed by another provider than expected (verify, listen):
 * `signed as github, but the profile "default" expects square`.
 */
export function mismatchNote(detected: string, expected: ExpectedProvider): string {
  const who =
    expected.from === undefined
      ? "hooks"
      : expected.from.startsWith("profile ")
        ? `the ${expected.from}`
        : expected.from;
  return `signed as ${detected}, but ${who} expects ${expected.id}`;
}

export async function verifyRequest(options: VerifyRequestOptions): Promise<VerifyOutcome> {
  const { provider } = await chooseProvider(options.providerId, options.headers);
  const input: VerifyInput = {
    body: options.body,
    headers: options.headers,
    secrets: options.secrets,
    url: options.url,
    now: options.now,
    toleranceSec: options.toleranceSec,
  };
  const result: VerifyResult = provider.verify(input);
  // The note goes in the reason too, which is what scripts and people read first.
  const note = options.note === undefined ? {} : { note: options.note };
  const reason = options.note === undefined ? result.reason : `${result.reason}; ${options.note}`;
  if (result.valid) return { valid: true, provider: provider.id, reason, ...note };
  const outcome: VerifyOutcome = {
    valid: false,
    provider: provider.id,
    reason,
    code: result.code,
    ...note,
  };
  if (options.explain) {
    // Only a failed check with --explain pays for loading the mistake catalogue.
    const { explainFailure } = await import("./explain.js");
    outcome.explanation = explainFailure(provider, input);
  }
  return outcome;
}
