import type { Command } from "commander";
import { CheckFailed } from "../errors.js";
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
}

export function defineEvents(program: Command): void {
  const events = program
    .command("events")
    .description("the requests hooks listen captured: list, show, replay");
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
    .command("replay <id>")
    .description("send a captured request again: its method, headers and raw body")
    // Not requiredOption: commander checks those before unknown flags, so `replay req_1 --too x`
    // would say "--to not specified" instead of naming the typo; the action checks it instead.
    .option("--to <url>", "where to send it (required)")
    .option("--resign", "sign again with the current secret and time")
    .option("--secret <s>", "secret for --resign (or HOOKS_SECRET, or the profile's)", collect)
    .option("--secret-file <path|->", "secret for --resign from a file, one a line, or - for stdin")
    .option("--provider <id>", "provider for --resign when the capture did not know it")
    .option("--store <file>", "capture store; default in your state directory")
    .option(
      "--timeout <ms>",
      "limit for the whole exchange, default the provider's delivery limit, else 30000",
    )
    .option("--json", "machine output: {id,to,ok,status,durationMs,resigned,error}")
    .action(async (id: string, flags: EventsFlags, command: Command) => {
      if (flags.to === undefined) {
        command.error("required option '--to <url>' not specified", {
          code: "commander.missingMandatoryOptionValue",
        });
      }
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
}

function globalProfile(command: Command): string | undefined {
  return command.optsWithGlobals<{ profile?: string }>().profile;
}
