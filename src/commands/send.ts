import type { Command } from "commander";
import { collect } from "../util/input.js";

interface SendFlags {
  provider?: string;
  secret?: string[];
  secretFile?: string;
  event?: string[];
  batch?: string;
  count?: string;
  concurrency?: string;
  payload?: string;
  set?: string[];
  header?: string[];
  timeout?: string;
  retries?: string;
  verificationCode?: string | boolean;
  insecure?: boolean;
  apiVersion?: string;
  json?: boolean;
  wait?: string;
  /** `--samples`, `--from-store`, `--since`, `--store`: src/sender/captured-source.ts. */
  samples?: string;
  fromStore?: boolean | string[];
  since?: string;
  store?: string;
  duplicates?: string;
  shuffle?: boolean;
  jitter?: string;
  seed?: string;
  junit?: string;
}

export function defineSend(program: Command): void {
  program
    .command("send [url]")
    .description("fire signed sample events at a URL, delivered like the real sender, and report")
    .option("--provider <id>", "provider id (default: the profile's, else standard)")
    .option("--secret <s>", "signing secret (or HOOKS_SECRET, or the profile's)", collect)
    .option(
      "--secret-file <path|->",
      "read the secret from a file, one a line (key rotation), or - for stdin",
    )
    .option("--event <name>", "sample event to send; repeatable (default: one of each)", collect)
    .option("--batch <n>", "objects per batch where the provider batches (Clover, Square)")
    .option("--count <n>", "send each event n times, with fresh ids")
    .option("--concurrency <n>", "requests in flight (default 10)")
    .option("--payload <file|->", "send these bytes as they are, signed; - reads stdin")
    .option("--set <path=value>", "override a field of the sample body (JSON value)", collect)
    .option("--header <header>", 'extra header, "Name: value"; repeatable', collect)
    .option("--timeout <ms>", "delivery limit (default: the provider's)")
    .option("--retries <n>", "redeliver a failed notification n times with retry headers")
    .option("--verification-code [code]", "send Clover's verification POST instead of events")
    .option(
      "--api-version <v>",
      "API version the samples say they are: Stripe's body api_version (default 2026-07-29.dahlia), Shopify's X-Shopify-API-Version (default 2026-07); other providers' deliveries carry none",
    )
    .option(
      "--wait <seconds>",
      "first wait up to this long for the URL to accept connections (a listener started in the background)",
    )
    .option("--samples <dir>", "send the sample files in dir (hooks events export writes them)")
    .option(
      "--from-store [id...]",
      "replay captured requests (these ids, or all since --since) as tests, re-signed",
    )
    .option("--since <time>", "with --from-store: requests since an ISO time or a duration (2h)")
    .option("--store <file>", "with --from-store: capture store; default in your state directory")
    .option(
      "--duplicates <fraction>",
      "re-send this fraction (0..1) of the events with the same event id, after the original",
    )
    .option("--shuffle", "send in random order (a duplicate still after its original)")
    .option("--jitter <ms>", "wait a random 0..ms before each delivery")
    .option("--seed <n>", "seed of --duplicates, --shuffle and --jitter, to repeat a run")
    .option("--insecure", "accept a self-signed TLS certificate")
    .option("--json", "machine output: the UP42-style test result document")
    .option("--junit <file>", "also write a JUnit XML report, one test case per delivery")
    .action(async (url: string | undefined, flags: SendFlags, command: Command) => {
      // A --junit file that cannot be written is said before anything is sent.
      const { checkOutputPath } = await import("../util/atomic-write.js");
      checkOutputPath(flags.junit, "--junit");
      const { prepareSend } = await import("../sender/prepare-send.js");
      const { executeSend } = await import("../sender/execute-send.js");
      const prepared = await prepareSend({
        ...flags,
        url,
        profile: command.optsWithGlobals<{ profile?: string }>().profile,
      });
      const observer = flags.json
        ? (await import("../render/send-json.js")).jsonSendRenderer()
        : (await import("../render/send.js")).humanSendRenderer();
      // Ctrl-C ends the run cleanly: in-flight requests finish, the report (and a --json
      // document) is closed, then exit 130. A second Ctrl-C kills the process as usual.
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort("SIGINT"));
      // --junit and GitHub Actions: the same results, kept for a report written once the run is
      // over, whether it passed, failed or was stopped.
      const reports = await import("../render/publish-report.js");
      const { recordSend } = await import("../render/run-report.js");
      const recorder = reports.reportWanted(flags.junit) ? recordSend(observer) : undefined;
      const summary = await executeSend(prepared, recorder?.observer ?? observer, {
        signal: stop.signal,
      });
      if (recorder) {
        await reports.publishReport(recorder.report(summary), {
          junit: flags.junit,
          json: Boolean(flags.json),
          secrets: prepared.secret === undefined ? [] : [prepared.secret],
        });
      }
      // The report is printed; the exit code is decided here: 130 when stopped, 1 when any failed.
      const { Cancelled, CheckFailed } = await import("../errors.js");
      if (summary.cancelledBy !== undefined) throw new Cancelled();
      if (summary.testsFailed > 0) {
        const failed = `${summary.testsFailed} of ${summary.testsRun} deliveries failed`;
        throw new CheckFailed(failed, true);
      }
    });
}
