import { requireSecrets, resolveSettings } from "../config/resolve.js";
import { redactRecord } from "../store/redact-record.js";
import {
  describeNotes,
  findRecord,
  recentRecords,
  type ReadNotes,
} from "../store/event-store-reader.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { parseIntFlag } from "../util/input.js";
import { parseUserUrl } from "../util/url.js";

interface StoreFlags {
  store?: string | undefined;
  json?: boolean | undefined;
  /** The global `--profile`: its secrets (or HOOKS_SECRET) are masked in what is shown. */
  profile?: string | undefined;
}

/** `hooks events list`. */
export async function listEvents(
  flags: StoreFlags & { limit?: string | undefined },
): Promise<void> {
  const { secrets } = await resolveSettings({ profile: flags.profile });
  const path = flags.store ?? defaultStorePath();
  const limit = flags.limit === undefined ? 20 : parseIntFlag("--limit", flags.limit, { min: 1 });
  const notes = freshNotes();
  const records = await recentRecords(path, limit, notes);
  const { renderEventList, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  renderEventList(
    records.map((record) => redactRecord(record, secrets)),
    { json: Boolean(flags.json) },
  );
}

/** `hooks events show <id>`. */
export async function showEvent(id: string, flags: StoreFlags): Promise<void> {
  const { secrets } = await resolveSettings({ profile: flags.profile });
  const path = flags.store ?? defaultStorePath();
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  const { renderEvent, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  renderEvent(redactRecord(record, secrets), { json: Boolean(flags.json) });
}

/** `hooks events replay <id> --to <url>`. */
export async function replayEvent(
  id: string,
  flags: StoreFlags & {
    to?: string | undefined;
    resign?: boolean | undefined;
    secret?: string[] | undefined;
    provider?: string | undefined;
  },
): Promise<void> {
  const settings = await resolveSettings({
    profile: flags.profile,
    provider: flags.provider,
    secret: flags.secret,
  });
  const path = flags.store ?? defaultStorePath();
  const to = parseUserUrl(flags.to ?? "", "--to");
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  // --resign: --provider, else the provider the capture recorded, else HOOKS_PROVIDER/profile.
  const provider =
    settings.sources.provider === "flag"
      ? settings.provider
      : (record.provider ?? settings.provider);
  const { replayRecord } = await import("./replay.js");
  const result = await replayRecord(record, {
    to,
    resign: flags.resign,
    secret: flags.resign && provider !== undefined ? requireSecrets(settings, provider) : undefined,
    provider,
  });
  const { renderReplay, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  renderReplay(result, { json: Boolean(flags.json) });
}

function freshNotes(): ReadNotes {
  return { tornLastLine: false, unreadableLines: 0 };
}
