import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import { loadProvider } from "../providers/load-provider.js";
import type { Provider, VerifyInput, VerifyResult } from "../providers/types.js";
import { lowerCaseHeaders, type HeaderMap } from "../util/headers.js";
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

/** A captured request, in the store's `request` shape (CONTRACT.md, `hooks listen --json`). */
export interface CapturedRequest {
  headers: HeaderMap;
  body: Buffer;
  provider?: string | undefined;
  url?: string | undefined;
  /** When it was captured (Unix seconds): a recorded request is checked as of then. */
  receivedAtSec?: number | undefined;
}

export async function readCapturedRequest(file: string): Promise<CapturedRequest> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read --request file "${file}" (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(
      `--request file "${file}" is not one JSON request; save one with \`hooks events show <id> --json > request.json\``,
    );
  }
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.headers !== "object" ||
    typeof record.body !== "string"
  ) {
    throw new UsageError(`--request file "${file}" has no "headers" object and "body" string`);
  }
  const encoding = record.bodyEncoding === "base64" ? "base64" : "utf8";
  return {
    headers: lowerCaseHeaders(record.headers as Record<string, string>),
    body: Buffer.from(record.body, encoding),
    provider: typeof record.provider === "string" ? record.provider : undefined,
    url: typeof record.url === "string" ? record.url : undefined,
    receivedAtSec:
      typeof record.receivedAt === "string" && !Number.isNaN(Date.parse(record.receivedAt))
        ? Math.floor(Date.parse(record.receivedAt) / 1000)
        : undefined,
  };
}
