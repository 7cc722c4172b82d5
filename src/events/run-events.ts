import { requireSecrets, resolveSettings, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { forwardUrl } from "../listener/forward.js";
import { redactRecord } from "../store/redact-record.js";
import {
  describeNotes,
  findRecord,
  recentRecords,
  type ReadNotes,
} from "../store/event-store-reader.js";
import { defaultStorePath } from "../store/event-store-path.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { ReplayResult } from "../listener/replay.js";
import { parseIntFlag, parseTimeoutMs } from "../util/input.js";
import { parseUserUrl } from "../util/url.js";

interface StoreFlags {
  store?: string | undefined;
  json?: boolean | undefined;
  /** The global `--profile`: its secrets (or HOOKS_SECRET) are masked in what is shown. */
  profile?: string | undefined;
}

/** What the store said besides the records (a torn last line, unreadable lines), for stderr. */
interface StoreNotes {
  notes: string[];
}

/** `hooks events list`: the most recent records, secrets masked. */
export async function listEvents(
  flags: StoreFlags & { limit?: string | undefined },
): Promise<StoreNotes & { records: RequestRecord[] }> {
  const { secrets } = await resolveSettings({ profile: flags.profile });
  const path = flags.store ?? defaultStorePath();
  const limit = flags.limit === undefined ? 20 : parseIntFlag("--limit", flags.limit, { min: 1 });
  const notes = freshNotes();
  const records = await recentRecords(path, limit, notes);
  return {
    notes: describeNotes(path, notes),
    records: records.map((record) => redactRecord(record, secrets)),
  };
}

/** `hooks events show <id>`: one record, secrets masked. */
export async function showEvent(
  id: string,
  flags: StoreFlags,
): Promise<StoreNotes & { record: RequestRecord }> {
  const { secrets } = await resolveSettings({ profile: flags.profile });
  const path = flags.store ?? defaultStorePath();
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  return {
    notes: describeNotes(path, notes),
    record: redactRecord(record, secrets),
  };
}

/**
 * `hooks events replay <id> [--to <url>]`: without --to, to the forward target
 * (HOOKS_FORWARD_TO, the profile's forwardTo) at the record's own path when it is a bare
 * origin, else to the profile's `url` (HOOKS_URL) as it is; with neither, a usage error.
 */
export async function replayEvent(
  id: string,
  flags: StoreFlags & ReplayFlags,
): Promise<StoreNotes & { result: ReplayResult }> {
  const settings = await replaySettings(flags);
  const path = flags.store ?? defaultStorePath();
  const target = replayTarget(flags.to, settings);
  const timeoutMs = parseTimeoutMs(flags.timeout);
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  // --resign: --provider, else the provider the capture recorded, else HOOKS_PROVIDER/profile.
  const provider =
    settings.sources.provider === "flag"
      ? settings.provider
      : (record.provider ?? settings.provider);
  const { replayRecord } = await import("../listener/replay.js");
  const to = target(record);
  const result = await replayRecord(record, {
    to,
    resign: flags.resign,
    secret: flags.resign && provider !== undefined ? requireSecrets(settings, provider) : undefined,
    provider,
    timeoutMs,
  });
  return { notes: describeNotes(path, notes), result };
}

/** Checked before the store is read: a missing target is the mistake, not the record. */
function replayTarget(
  to: string | undefined,
  settings: Pick<Settings, "forwardTo" | "url">,
): (record: RequestRecord) => string {
  if (to !== undefined) {
    const url = parseUserUrl(to, "--to");
    return () => url;
  }
  const { forwardTo, url } = settings;
  // HOOKS_FORWARD_TO and the profile hold one URL, the catch-all, so it takes every record.
  if (forwardTo) return (record) => forwardUrl(forwardTo, record.path);
  if (url) return () => url;
  throw new UsageError(
    "nowhere to replay to: pass --to <url>, or set a forward target (HOOKS_FORWARD_TO, or hooks config set forwardTo <url>) or a url (HOOKS_URL, or hooks config set url <url>)",
  );
}

function freshNotes(): ReadNotes {
  return { tornLastLine: false, unreadableLines: 0 };
}

/** The flags of `events replay <id>` and `events replay --failed` alike. */
export interface ReplayFlags {
  profile?: string | undefined;
  to?: string | undefined;
  resign?: boolean | undefined;
  secret?: string[] | undefined;
  secretFile?: string | undefined;
  provider?: string | undefined;
  timeout?: string | undefined;
}

/** The settings a replay signs with (`--resign`): its provider and secret flags, then the rest. */
export function replaySettings(flags: ReplayFlags): ReturnType<typeof resolveSettings> {
  const { profile, provider, secret, secretFile } = flags;
  return resolveSettings({ profile, provider, secret, secretFile });
}
