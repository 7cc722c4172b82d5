import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import { recordBody, type RequestRecord } from "../store/event-store-record.js";
import type { HeaderMap } from "../util/headers.js";
import { describeForwardError, endToEndHeaders } from "./forward.js";

export interface ReplayOptions {
  to: string;
  /** Sign again with the current secret and time (the captured signature may be stale). */
  resign?: boolean | undefined;
  /** For --resign: the resolved secrets (src/config/resolve.ts); the first one signs. */
  secret?: readonly string[] | undefined;
  /** For a record whose provider was not known when it was captured. */
  provider?: string | undefined;
  timeoutMs?: number;
  /** Unix seconds for the new signature; defaults to now. */
  now?: number;
}

export interface ReplayResult {
  id: string;
  to: string;
  method: string;
  ok: boolean;
  status: number | null;
  durationMs: number;
  resigned: boolean;
  error: string | null;
}

/** Re-sends a captured request: its method, headers (hop-by-hop dropped) and raw body. */
export async function replayRecord(
  record: RequestRecord,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const body = recordBody(record);
  const headers = options.resign
    ? await resignedHeaders(record, body, options)
    : endToEndHeaders(record.headers);
  const { Agent, request } = await import("undici");
  const timeout = options.timeoutMs ?? 30_000;
  const dispatcher = new Agent({ headersTimeout: timeout, bodyTimeout: timeout });
  const started = performance.now();
  const result: ReplayResult = {
    id: record.id,
    to: options.to,
    method: record.method,
    ok: false,
    status: null,
    durationMs: 0,
    resigned: Boolean(options.resign),
    error: null,
  };
  try {
    const response = await request(options.to, {
      method: record.method as "POST",
      headers,
      body: body.length > 0 ? body : null,
      dispatcher,
    });
    await response.body.dump();
    result.status = response.statusCode;
    result.ok = response.statusCode >= 200 && response.statusCode < 300;
    if (!result.ok) result.error = `answered ${response.statusCode}`;
  } catch (error) {
    result.error = describeForwardError(options.to, error);
  } finally {
    result.durationMs = Math.round(performance.now() - started);
    await dispatcher.close();
  }
  return result;
}

async function resignedHeaders(
  record: RequestRecord,
  body: Buffer,
  options: ReplayOptions,
): Promise<HeaderMap> {
  const providerId = options.provider ?? record.provider;
  if (!providerId) {
    throw new UsageError(
      `cannot re-sign ${record.id}: its provider is unknown; pass --provider <id>`,
    );
  }
  const provider = getProvider(providerId);
  const [secret] = options.secret ?? [];
  if (secret === undefined) {
    throw new UsageError(`cannot re-sign ${record.id}: no secret for ${provider.id}`);
  }
  const headers = endToEndHeaders(record.headers);
  for (const name of provider.signatureHeaders) delete headers[name.toLowerCase()];
  const signed = provider.sign({
    body,
    secret,
    url: options.to,
    id: record.eventId,
    timestamp: options.now,
  });
  for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
  return headers;
}
