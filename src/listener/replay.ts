import { UsageError } from "../errors.js";
import { Deadlines } from "../http/deadline.js";
import { createDispatcher } from "../http/dispatcher.js";
import { exchange } from "../http/exchange.js";
import { findProvider, getProvider } from "../providers/index.js";
import { recordBody, type RequestRecord } from "../store/event-store-record.js";
import { wireHeaders } from "../store/header-bytes.js";
import type { HeaderMap } from "../util/headers.js";
import { describeForwardError, endToEndHeaders } from "./forward.js";
import { resignHeaders } from "./resign-headers.js";
import { describeSnippet, SNIPPET_BYTES } from "../sender/deliver.js";

export interface ReplayOptions {
  to: string;
  /** Sign again with the current secret and time (the captured signature may be stale). */
  resign?: boolean | undefined;
  /** For --resign: the resolved secrets (src/config/resolve.ts); the first one signs. */
  secret?: readonly string[] | undefined;
  /** For a record whose provider was not known when it was captured. */
  provider?: string | undefined;
  /**
   * The whole exchange, body included (`--timeout`); by default the delivery limit of the
   * record's provider, else DEFAULT_REPLAY_TIMEOUT_MS.
   */
  timeoutMs?: number | undefined;
  /** Unix seconds for the new signature; defaults to now. */
  now?: number;
  /** Where the proxy variables are read; process.env when left out. */
  env?: NodeJS.ProcessEnv;
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

export const DEFAULT_REPLAY_TIMEOUT_MS = 30_000;
/** A replay needs the status only; a body past this is not read (the connection is dropped). */
const READ_BYTES = 64 * 1024;

/** Re-sends a captured request: its method, headers (hop-by-hop dropped) and raw body. */
export async function replayRecord(
  record: RequestRecord,
  options: ReplayOptions,
): Promise<ReplayResult> {
  return sendReplay(record, await replayHeaders(record, options), options);
}

/** The headers a replay sends: the captured ones, or with --resign a fresh signature. */
export async function replayHeaders(
  record: RequestRecord,
  options: ReplayOptions,
): Promise<HeaderMap> {
  // The bytes that arrived (a header with bytes over 0x7f is stored as UTF-8 text or base64).
  return options.resign ? resignedHeaders(record, options) : endToEndHeaders(wireHeaders(record));
}

/** Sends the captured method and raw body with `headers`; a failure is a result, not an error. */
export async function sendReplay(
  record: RequestRecord,
  headers: HeaderMap,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const body = recordBody(record);
  // Through HTTP(S)_PROXY unless NO_PROXY names the target, as `hooks send` goes.
  const dispatcher = await createDispatcher({ env: options.env });
  const limitMs = replayTimeout(record, options);
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
    const url = new URL(options.to);
    const response = await exchange(
      dispatcher,
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: record.method,
        headers,
        body: body.length > 0 ? body : null,
      },
      // The start of the body is kept to show why a replay failed, as `hooks send` does.
      { deadlines: new Deadlines(limitMs), maxBodyBytes: READ_BYTES, keepBytes: SNIPPET_BYTES },
    );
    result.status = response.status;
    result.ok = response.status >= 200 && response.status < 300;
    if (!result.ok) {
      const snippet = describeSnippet(response.body);
      result.error = `answered ${response.status}${snippet ? `: ${snippet}` : ""}`;
    }
  } catch (error) {
    result.error = describeForwardError(options.to, error);
  } finally {
    result.durationMs = Math.round(performance.now() - started);
    // destroy, not close: close would wait for a cut-off or timed-out answer to finish.
    await dispatcher.destroy();
  }
  return result;
}

function replayTimeout(record: RequestRecord, options: ReplayOptions): number {
  if (options.timeoutMs !== undefined) return options.timeoutMs;
  const providerId = options.provider ?? record.provider;
  const provider = providerId ? findProvider(providerId) : undefined;
  return provider?.timeoutMs ?? DEFAULT_REPLAY_TIMEOUT_MS;
}

async function resignedHeaders(record: RequestRecord, options: ReplayOptions): Promise<HeaderMap> {
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
  const resigned = resignHeaders(record, {
    secret,
    url: options.to,
    now: options.now,
    provider: provider.id,
  });
  if (!resigned.ok) throw new UsageError(`cannot re-sign ${record.id}: ${resigned.reason}`);
  return resigned.headers;
}
