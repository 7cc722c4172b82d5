import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveSettings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { describeNotes, findRecord, type ReadNotes } from "../store/event-store-reader.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { fileError } from "../util/file-error.js";
import { exportProvider, exportSample } from "./export-sample.js";

export interface ExportFlags {
  to?: string | undefined;
  store?: string | undefined;
  force?: boolean | undefined;
  /** For a request captured before its provider was known. */
  provider?: string | undefined;
  /** Secrets to mask besides HOOKS_SECRET and the profile's. */
  secret?: string[] | undefined;
  secretFile?: string | undefined;
  profile?: string | undefined;
}

/** One file written, as `--json` prints it. */
export interface ExportedFile {
  id: string;
  file: string;
  provider: string;
  event: string;
  notes: string[];
}

/**
 * `hooks events export <id>... --to <dir>`: one sample file per captured request. Every file is
 * checked before any is written, so a clash (an existing file, without --force) or an unknown id
 * leaves the directory as it was.
 */
export async function exportEvents(
  ids: readonly string[],
  flags: ExportFlags,
): Promise<{ notes: string[]; dir: string; files: ExportedFile[] }> {
  if (flags.to === undefined || flags.to === "") {
    throw new UsageError("events export needs --to <dir>, the directory the sample files go to");
  }
  const dir = flags.to;
  const { secrets } = await resolveSettings({
    profile: flags.profile,
    secret: flags.secret,
    secretFile: flags.secretFile,
  });
  const path = flags.store ?? defaultStorePath();
  const readNotes: ReadNotes = { tornLastLine: false, unreadableLines: 0 };
  const planned: { file: string; text: string; shown: ExportedFile }[] = [];
  for (const id of ids) {
    const record = await findRecord(path, id, readNotes);
    const provider = exportProvider(record, flags.provider);
    if (!provider) {
      throw new UsageError(
        flags.provider === undefined
          ? `request ${record.id}: its provider is not known; pass --provider <id>`
          : `unknown provider "${flags.provider}"; \`hooks providers list\` shows them`,
      );
    }
    const sample = exportSample(record, { secrets, provider });
    const file = join(dir, sample.fileName);
    if (planned.some((each) => each.file === file)) continue;
    planned.push({
      file,
      text: `${JSON.stringify(sample.file, null, 2)}\n`,
      shown: {
        id: record.id,
        file,
        provider: provider.id,
        event: sample.event,
        notes: sample.notes,
      },
    });
  }
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw fileError("create the directory", dir, error, "pass --to <dir>, a directory");
  });
  if (!flags.force) {
    for (const { file } of planned) {
      if (await exists(file)) {
        throw new UsageError(`${file} already exists: pass --force to overwrite it`);
      }
    }
  }
  for (const { file, text } of planned) {
    await writeFile(file, text, { mode: 0o600 }).catch((error: unknown) => {
      throw fileError(
        "write the sample",
        file,
        error,
        "pass --to <dir>, a directory you can write",
      );
    });
  }
  return {
    notes: describeNotes(path, readNotes),
    dir,
    files: planned.map(({ shown }) => shown),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
