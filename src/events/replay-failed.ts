import { requireSecrets } from "../config/resolve.js";
import { replaySettings, type ReplayFlags } from "./run-events.js";
import { UsageError } from "../errors.js";
import { forwardUrl } from "../listener/forward.js";
import {
  answered,
  failedForwards,
  redeliveriesPath,
  type RedeliveryLine,
} from "../listener/hold-state.js";
import type { ReplayResult } from "../listener/replay.js";
import { describeNotes, type ReadNotes } from "../store/event-store-reader.js";
import { EventStore } from "../store/event-store.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { parseTimeoutMs } from "../util/input.js";
import { parseSince } from "../util/since.js";
import { parseUserUrl } from "../util/url.js";

export interface ReplayFailedFlags extends ReplayFlags {
  store?: string | undefined;
  since?: string | undefined;
}

/** `hooks events replay --failed`: the `--json` document, and what the human report shows. */
export interface ReplayFailedReport {
  ok: boolean;
  passed: number;
  failed: number;
  /** Where they went: `--to`, else the forward target, else null (each to its own stored target). */
  to: string | null;
  since: string | null;
  results: ReplayResult[];
}

/**
 * Re-sends, oldest first, every stored request whose forward failed (the app was unreachable or
 * answered 5xx) or that `listen --hold` still holds, and that no later delivery has fixed
 * (src/listener/hold-state.ts). Each goes to `--to`, else to the forward target (HOOKS_FORWARD_TO,
 * the profile's forwardTo), else where it was being forwarded; a bare origin keeps the request's
 * own path, as `--forward-to` does. Each outcome is recorded beside the store, so a request
 * delivered here is neither replayed again nor redelivered by the next `listen --hold`.
 */
export async function replayFailed(
  flags: ReplayFailedFlags,
): Promise<{ notes: string[]; report: ReplayFailedReport }> {
  const settings = await replaySettings(flags);
  const path = flags.store ?? defaultStorePath();
  const base = flags.to === undefined ? settings.forwardTo : parseUserUrl(flags.to, "--to");
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const timeoutMs = parseTimeoutMs(flags.timeout);
  const notes: ReadNotes = { tornLastLine: false, unreadableLines: 0 };
  const records = await failedForwards(path, { since, notes });
  const report: ReplayFailedReport = {
    ok: true,
    passed: 0,
    failed: 0,
    to: base ?? null,
    since: since?.toISOString() ?? null,
    results: [],
  };
  if (records.length === 0) return { notes: describeNotes(path, notes), report };

  const { replayRecord } = await import("../listener/replay.js");
  const outcomes = await EventStore.open(redeliveriesPath(path));
  try {
    for (const record of records) {
      const to = base ? forwardUrl(base, record.path) : record.forward?.url;
      if (to === undefined) {
        throw new UsageError(
          `${record.id} has no forward target to replay it to: pass --to <url> (or set HOOKS_FORWARD_TO)`,
        );
      }
      // --resign: --provider, else the provider the capture recorded, else HOOKS_PROVIDER/profile.
      const provider =
        settings.sources.provider === "flag"
          ? settings.provider
          : (record.provider ?? settings.provider);
      const result = await replayRecord(record, {
        to,
        resign: flags.resign,
        secret:
          flags.resign && provider !== undefined ? requireSecrets(settings, provider) : undefined,
        provider,
        timeoutMs,
      });
      report.results.push(result);
      if (result.ok) report.passed += 1;
      else report.failed += 1;
      await outcomes.write(JSON.stringify(outcomeLine(result)));
    }
  } finally {
    await outcomes.close();
  }
  report.ok = report.failed === 0;
  return { notes: describeNotes(path, notes), report };
}

function outcomeLine(result: ReplayResult): RedeliveryLine {
  const line: RedeliveryLine = {
    type: "redelivery",
    id: result.id,
    status: result.status,
    to: result.to,
    at: new Date().toISOString(),
    durationMs: result.durationMs,
    by: "events replay --failed",
  };
  if (!answered(result.status) && result.error) line.error = result.error;
  return line;
}
