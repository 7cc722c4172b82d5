import type { Command } from "commander";
import { CheckFailed, UsageError } from "../errors.js";
import { collect } from "../util/input.js";

interface EventsFlags {
  store?: string;
  limit?: string;
  json?: boolean;
  raw?: boolean;
  to?: string;
  resign?: boolean;
  secret?: string[];
  secretFile?: string;
  provider?: string;
  timeout?: string;
  /** `replay --failed [--since <time>]` (src/events/replay-failed.ts). */
  failed?: boolean;
  since?: string;
}

export function defineEvents(program: Command): void {
  const events = program
    .command("events")
    .description("the requests hooks listen captured: list, show, replay, export");
  events
    .command("list")
    .description("the most recent captured requests, oldest first")
    .option("--store <file>", "capture store; default in your state directory")
    .option("--limit <n>", "how many, default 20")
    .option("--json", "machine output: an array of captured requests")
    .action(async (flags: EventsFlags, command: Command) => {
      const { listEvents } = await import("../events/run-events.js");
      const { renderEventList, renderStoreNotes } = await import("../render/events.js");
      const { notes, records } = await listEvents({ ...flags, profile: globalProfile(command) });
      renderStoreNotes(notes);
      renderEventList(records, { json: Boolean(flags.json) });
    });
  events
    .command("show <id>")
    .description("one captured request: headers, raw body, signature (id or a unique prefix)")
    .option("--store <file>", "capture store; default in your state directory")
    .option("--json", "the request as stored (what `hooks verify --request` reads)")
    .option("--raw", "the body as it arrived, not a JSON body re-indented")
    .action(async (id: string, flags: EventsFlags, command: Command) => {
      const { showEvent } = await import("../events/run-events.js");
      const { renderEvent, renderStoreNotes } = await import("../render/events.js");
      const { notes, record } = await showEvent(id, { ...flags, profile: globalProfile(command) });
      renderStoreNotes(notes);
      renderEvent(record, { json: Boolean(flags.json), raw: Boolean(flags.raw) });
    });
  events
    .command("replay [id]")
    .description(
      "send a captured request again (or with --failed, every one whose forward failed): its method, headers and raw body",
    )
    .option("--failed", "every request whose forward failed or that listen --hold still holds")
    .option("--since <time>", "with --failed: only those since an ISO time or a duration (10m, 2h)")
    .option(
      "--to <url>",
      "where to send it; default the forward target (HOOKS_FORWARD_TO, the profile's forwardTo), else the profile's url",
    )
    .option("--resign", "sign again with the current secret and time")
    .option("--secret <s>", "secret for --resign (or HOOKS_SECRET, or the profile's)", collect)
    .option("--secret-file <path|->", "secret for --resign from a file, one a line, or - for stdin")
    .option("--provider <id>", "provider for --resign when the capture did not know it")
    .option("--store <file>", "capture store; default in your state directory")
    .option(
      "--timeout <ms>",
      "limit for the whole exchange, default the provider's delivery limit, else 30000",
    )
    .option(
      "--json",
      "machine output: {id,to,ok,status,durationMs,resigned,error}; with --failed {ok,passed,failed,results:[…]}",
    )
    .action(async (id: string | undefined, flags: EventsFlags, command: Command) => {
      if (flags.failed || id === undefined) return replayFailed(id, flags, command);
      if (flags.since !== undefined) throw new UsageError("--since is for --failed: add --failed");
      const { replayEvent } = await import("../events/run-events.js");
      const { renderReplay, renderStoreNotes } = await import("../render/events.js");
      const { notes, result } = await replayEvent(id, {
        ...flags,
        profile: globalProfile(command),
      });
      renderStoreNotes(notes);
      renderReplay(result, { json: Boolean(flags.json) });
      // For people the line above says why; --json prints only the document.
      if (!result.ok) throw new CheckFailed(result.error ?? "replay failed", !flags.json);
    });
  defineExport(events);
}

/** `replay --failed`: a report like `hooks send`'s, exit 1 when any failed again. */
async function replayFailed(
  id: string | undefined,
  flags: EventsFlags,
  command: Command,
): Promise<void> {
  if (!flags.failed) throw new UsageError("replay needs a request id, or --failed");
  if (id !== undefined) {
    throw new UsageError(`replay takes an id or --failed, not both (got "${id}" and --failed)`);
  }
  const { replayFailed: run } = await import("../events/replay-failed.js");
  const { renderStoreNotes } = await import("../render/events.js");
  const { renderReplayFailed } = await import("../render/replay-failed.js");
  const { notes, report } = await run({ ...flags, profile: globalProfile(command) });
  renderStoreNotes(notes);
  renderReplayFailed(report, { json: Boolean(flags.json) });
  if (!report.ok) throw new CheckFailed(`${report.failed} replay(s) failed`, true);
}

/** `hooks events export <id>... --to <dir>` (src/events/run-export.ts). */
function defineExport(events: Command): void {
  events
    .command("export <id...>")
    .description(
      "write captured requests as sample files (the catalog's format) for hooks send --samples: secrets removed, ids and times as placeholders",
    )
    .option("--to <dir>", "directory to write them to (created if missing)")
    .option("--force", "overwrite a sample file of the same name")
    .option("--provider <id>", "provider of a request captured before its provider was known")
    .option("--secret <s>", "a secret to mask besides HOOKS_SECRET and the profile's", collect)
    .option("--secret-file <path|->", "secrets to mask from a file, one a line, or - for stdin")
    .option("--store <file>", "capture store; default in your state directory")
    .option("--json", "machine output: {dir,files:[{id,file,provider,event,notes}]}")
    .action(async (ids: string[], flags: EventsFlags & { force?: boolean }, command: Command) => {
      const { exportEvents } = await import("../events/run-export.js");
      const { renderStoreNotes } = await import("../render/events.js");
      const { renderExport } = await import("../render/events-export.js");
      const { notes, ...result } = await exportEvents(ids, {
        ...flags,
        profile: globalProfile(command),
      });
      renderStoreNotes(notes);
      renderExport(result, { json: Boolean(flags.json) });
    });
}

function globalProfile(command: Command): string | undefined {
  return command.optsWithGlobals<{ profile?: string }>().profile;
}
