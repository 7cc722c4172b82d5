import type { Command } from "commander";
import { CheckFailed, UsageError } from "../errors.js";
import { collect } from "../util/input.js";
import type { ExpectedArrivals } from "../listener/expect-arrivals.js";
import type { ListenFlags } from "../listener/listen-options.js";

export function defineListen(program: Command): void {
  program
    .command("listen")
    .description("receive webhooks locally behind a public tunnel: show, verify, store, forward")
    .option("--port <n>", "local port, default 4665 (0 picks a free one)")
    .option("--host <addr>", "local address to bind, default 127.0.0.1")
    .option("--tunnel <kind>", "cloudflared (a quick tunnel, the default) or none")
    .option("--public-url <url>", "your own public URL (skips the tunnel; Square signs it)")
    .option(
      "--tunnel-token <token>",
      "run a cloudflared named tunnel (or CLOUDFLARED_TOKEN); --public-url is its hostname",
    )
    .option(
      "--provider <id>",
      "provider for unsigned requests; signed ones are detected per request",
    )
    .option("--secret <s>", "secret to check signatures; repeat for key rotation", collect)
    .option(
      "--secret-file <path|->",
      "read the secret from a file, one a line (key rotation), or - for stdin",
    )
    .option(
      "--forward-to <[rule=]url>",
      "pass requests on to your app and answer with its response; repeat with a rule (square=, /github/*=, orders/*=) per target, a plain URL is the catch-all",
      collect,
    )
    .option("--status <code>", "status to answer with, default 200")
    .option("--delay <ms>", "wait before answering (play a slow endpoint)")
    .option("--store <file>", "capture store (JSON Lines); default in your state directory")
    .option("--max-body <bytes>", "largest body accepted, default 25MiB; larger gets 413")
    .option(
      "--max-in-flight <bytes>",
      "bytes of bodies held at once, default 4x --max-body; past it 503 with Retry-After",
    )
    .option(
      "--headers-timeout <ms>",
      "answer 408 to clients that take longer to send their headers, default 10000",
    )
    .option("--expect <n>", "exit 0 once n requests arrived (valid when a secret is known)")
    .option(
      "--timeout <seconds>",
      "with --expect: exit 1 if they have not arrived by then; alone: stop listening then",
    )
    .option(
      "--inspect-port <n>",
      "web inspector port on 127.0.0.1, default 4666 (0 picks a free one)",
    )
    .option("--no-inspect", "do not serve the web inspector")
    .option(
      "--register [webhook-id]",
      "point a subscription at the public URL through the provider's API (a temporary one, or re-point the given id)",
    )
    .option("--no-register", "do not register this run, though the profile says register: true")
    .option(
      "--event <name>",
      "with --register: an event to subscribe to (repeat; default all)",
      collect,
    )
    .option(
      "--path <path>",
      "with --register: the path appended to the public URL, default /webhooks",
    )
    .option("--keep", "with --register: leave the subscription in place on exit")
    .option("--repo <owner/name>", "with --register, GitHub: a repository's hooks")
    .option("--org <name>", "with --register, GitHub: an organisation's hooks")
    .option("--shop <name.myshopify.com>", "with --register, Shopify: the shop")
    .option("--business <id>", "with --register, Poynt: the business id")
    .option("--environment <env>", "with --register, Square: sandbox (default) or production")
    .option("--live", "with --register, Stripe: allow a live key")
    .option("--api-url <url>", "with --register: replace the provider API's hosts (tests, proxies)")
    .option(
      "--hold",
      "with --forward-to: while your app is down or answers 5xx, answer 202 and redeliver in order once it is back",
    )
    .option(
      "--resign",
      "with --hold: sign each redelivery afresh with the secret and the time (held past a provider's 5-minute tolerance)",
    )
    .option(
      "--answer-handshakes",
      "answer Slack's url_verification and Clover's verification POST here (the default without --forward-to)",
    )
    .option("--no-answer-handshakes", "answer handshakes as any other request (--status)")
    .option(
      "--events <glob>",
      "show and forward only these event types (repeat; * is a wildcard); the rest are stored and counted",
      collect,
    )
    .option("--json", "NDJSON on stdout: ready, request, tunnel and registration lines")
    .option(
      "--junit <file>",
      "with --expect: write a JUnit XML report, one test case per expected request",
    )
    .action(async (flags: ListenFlags & { junit?: string }, command: Command) => {
      const { runListen } = await import("../listener/run-listen.js");
      const view = await import("../render/listen.js");
      const { checkOutputPath } = await import("../util/atomic-write.js");
      if (flags.junit !== undefined && flags.expect === undefined) {
        throw new UsageError(
          "--junit needs --expect <n>: its test cases are the expected requests",
        );
      }
      checkOutputPath(flags.junit, "--junit");
      const reports = await import("../render/publish-report.js");
      const { watchArrivals } = await import("../listener/expect-arrivals.js");
      let arrivals: ExpectedArrivals | undefined;
      let timeoutMs: number | undefined;
      let secrets: readonly string[] = [];
      const { cloudflaredOffer } = await import("../render/cloudflared-offer.js");
      const { summary, json } = await runListen(
        { ...flags, profile: command.optsWithGlobals<ListenFlags>().profile },
        (session, options) => {
          secrets = options.secrets;
          timeoutMs = options.timeoutMs;
          // --expect's report (--junit, GitHub Actions): what arrived, kept as it is answered.
          if (options.expect !== undefined && reports.reportWanted(flags.junit)) {
            arrivals = watchArrivals(session, options.expect);
          }
          return options.json
            ? view.renderListenJson(session, options.secrets)
            : view.renderListenHuman(session, options);
        },
        await cloudflaredOffer(Boolean(flags.json)),
      );
      const { renderListenSummary, unmetReason } = await import("../render/listen-summary.js");
      renderListenSummary(summary, { json, secrets });
      if (arrivals) {
        const { listenReport } = await import("../render/run-report.js");
        const context = { secretKnown: secrets.length > 0, timeoutMs };
        await reports.publishReport(listenReport(summary, arrivals, context), {
          junit: flags.junit,
          json,
          secrets,
        });
      }
      // For people the summary has said why; --json prints only the summary line.
      if (!summary.met) throw new CheckFailed(unmetReason(summary), !json);
    });
}
