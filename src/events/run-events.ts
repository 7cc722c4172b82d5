import { resolveSecrets } from "../config/secrets.js";
import { redactRecord } from "../store/redact-record.js";
import {
  describeNotes,
  findRecord,
  recentRecords,
  type ReadNotes,
} from "../store/event-store-reader.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { parseIntFlag } from "../util/input.js";
import { parseUrlFlag } from "../listener/listen-options.js";

interface StoreFlags {
  store?: string | undefined;
  json?: boolean | undefined;
}

/** `hooks events list`. */
export async function listEvents(
  flags: StoreFlags & { limit?: string | undefined },
): Promise<void> {
  const path = flags.store ?? defaultStorePath();
  const limit = flags.limit === undefined ? 20 : parseIntFlag("--limit", flags.limit, { min: 1 });
  const notes = freshNotes();
  const records = await recentRecords(path, limit, notes);
  const { renderEventList, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  const secrets = await resolveSecrets({});
  renderEventList(
    records.map((record) => redactRecord(record, secrets)),
    { json: Boolean(flags.json) },
  );
}

/** `hooks events show <id>`. */
export async function showEvent(id: string, flags: StoreFlags): Promise<void> {
  const path = flags.store ?? defaultStorePath();
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  const { renderEvent, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  renderEvent(redactRecord(record, await resolveSecrets({})), { json: Boolean(flags.json) });
}

/** `hooks events replay <id> --to <url>`. */
export async function replayEvent(
  id: string,
  flags: StoreFlags & {
    to?: string | undefined;
    resign?: boolean | undefined;
    secret?: string[] | undefined;
    provider?: string | undefined;
    profile?: string | undefined;
  },
): Promise<void> {
  const path = flags.store ?? defaultStorePath();
  const to = parseUrlFlag("--to", flags.to ?? "");
  const notes = freshNotes();
  const record = await findRecord(path, id, notes);
  const { replayRecord } = await import("../listener/replay.js");
  const result = await replayRecord(record, {
    to,
    resign: flags.resign,
    secret: flags.secret,
    provider: flags.provider,
    profile: flags.profile,
  });
  const { renderReplay, renderStoreNotes } = await import("../render/events.js");
  renderStoreNotes(describeNotes(path, notes));
  renderReplay(result, { json: Boolean(flags.json) });
}

function freshNotes(): ReadNotes {
  return { tornLastLine: false, unreadableLines: 0 };
}
