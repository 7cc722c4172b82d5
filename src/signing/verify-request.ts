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
}

/**
 * Picks the provider: the one named (loading only its module, for verify's cold start), else the
 * one the headers make clear.
 */
export async function chooseProvider(
  providerId: string | undefined,
  headers: HeaderMap,
): Promise<Provider> {
  if (providerId) return loadProvider(providerId);
  const { detectProvider, listProviders } = await import("../providers/index.js");
  const detected = detectProvider(headers);
  if (!detected) {
    throw new UsageError(
      `cannot tell the provider from the headers; pass --provider (${listProviders()
        .map((p) => p.id)
        .join(", ")})`,
    );
  }
  return detected;
}

export async function verifyRequest(options: VerifyRequestOptions): Promise<VerifyOutcome> {
  const provider = await chooseProvider(options.providerId, options.headers);
  const input: VerifyInput = {
    body: options.body,
    headers: options.headers,
    secrets: options.secrets,
    url: options.url,
    now: options.now,
    toleranceSec: options.toleranceSec,
  };
  const result: VerifyResult = provider.verify(input);
  if (result.valid) return { valid: true, provider: provider.id, reason: result.reason };
  const outcome: VerifyOutcome = {
    valid: false,
    provider: provider.id,
    reason: result.reason,
    code: result.code,
  };
  if (options.explain) {
    // Only a failed check with --explain pays for loading the mistake catalogue.
    const { explainFailure } = await import("./explain.js");
    outcome.explanation = explainFailure(provider, input);
  }
  return outcome;
}
