import type { Command } from "commander";
import { CheckFailed } from "../errors.js";
import { collect } from "../util/input.js";
import type { DeliveryFlags } from "../webhooks/deliveries.js";

// `hooks webhooks`: the provider's side of the setup, through each provider's own API
// (src/webhooks/). Flags are common to every subcommand, since each may need the target.

type Flags = DeliveryFlags & { json?: boolean; junit?: string };

function common(command: Command, json: string): Command {
  return command
    .option(
      "--provider <id>",
      "square, up42, poynt, github, stripe or shopify (or HOOKS_PROVIDER, or the profile)",
    )
    .option("--repo <owner/name>", "GitHub: a repository's hooks")
    .option("--org <name>", "GitHub: an organisation's hooks")
    .option("--shop <name.myshopify.com>", "Shopify: the shop")
    .option("--business <id>", "Poynt: the business id")
    .option("--environment <env>", "Square: sandbox (default) or production")
    .option("--live", "Stripe: allow a live key (sk_live_…)")
    .option(
      "--api-url <url>",
      "replace every host the provider's API client talks to (tests, proxies, GitHub Enterprise)",
    )
    .option("--json", json);
}

export function defineWebhooks(program: Command): void {
  const webhooks = program
    .command("webhooks")
    .description(
      "the provider's side: list, create, update, delete and test webhook subscriptions",
    );
  const flags = (command: Command): Flags => ({ ...command.optsWithGlobals<Flags>() });

  common(
    webhooks.command("list").description("the provider's webhook subscriptions"),
    "an array of subscriptions",
  ).action(async (_options: Flags, command: Command) => {
    const { listWebhooks } = await import("../webhooks/run-webhooks.js");
    const { renderSubscriptions } = await import("../render/webhooks.js");
    const f = flags(command);
    renderSubscriptions(await listWebhooks(f), Boolean(f.json));
  });
  common(
    webhooks.command("events").description("the event types the provider can send"),
    "[{name,description}]",
  ).action(async (_options: Flags, command: Command) => {
    const { listEventTypes } = await import("../webhooks/run-webhooks.js");
    const { renderEventTypes } = await import("../render/webhooks.js");
    const f = flags(command);
    renderEventTypes(await listEventTypes(f), Boolean(f.json));
  });
  common(
    webhooks
      .command("create <url>")
      .description("subscribe a URL (default: every event the provider offers)")
      .option("--event <name>", "an event to subscribe to (repeat)", collect)
      .option("--name <text>", "the subscription's name or description")
      .option(
        "--secret <s>",
        "the signing secret, where the provider lets the client choose it (up42, poynt, github)",
      ),
    "the subscription, secret masked",
  ).action(async (url: string, _options: Flags, command: Command) => {
    const { createWebhook } = await import("../webhooks/run-webhooks.js");
    const { renderSubscription } = await import("../render/webhooks.js");
    const f = flags(command);
    renderSubscription(await createWebhook(url, f), Boolean(f.json), "created");
  });
  common(
    webhooks
      .command("update <webhook-id>")
      .description(
        "change a subscription's URL, events or state; the rest (secret included) is kept",
      )
      .option("--url <url>", "the new URL")
      .option("--event <name>", "the events, replacing the old ones (repeat)", collect)
      .option("--enable", "enable it")
      .option("--disable", "disable it")
      .option(
        "--secret <s>",
        "the subscription's secret, where the API must be sent it again and hooks has not saved it",
      ),
    "the subscription, secret masked",
  ).action(async (id: string, _options: Flags, command: Command) => {
    const { updateWebhook } = await import("../webhooks/run-webhooks.js");
    const { renderSubscription } = await import("../render/webhooks.js");
    const f = flags(command);
    renderSubscription(await updateWebhook(id, f), Boolean(f.json), "updated");
  });
  common(
    webhooks.command("delete <webhook-id>").description("delete a subscription"),
    '{"id","deleted":true}',
  ).action(async (id: string, _options: Flags, command: Command) => {
    const { deleteWebhook } = await import("../webhooks/run-webhooks.js");
    const { renderDeleted } = await import("../render/webhooks.js");
    const f = flags(command);
    renderDeleted(await deleteWebhook(id, f), Boolean(f.json));
  });
  common(
    webhooks
      .command("test <webhook-id>")
      .description("ask the provider to send its own test deliveries (square, up42, github)")
      .option("--event <name>", "the event to test (default: the provider's choice)", collect)
      .option("--junit <file>", "also write a JUnit XML report, one test case per delivery"),
    "the report of hooks send: {data:{startedAt,testsRun,testsSucceeded,testsFailed,tests},error}",
  ).action(async (id: string, _options: Flags, command: Command) => {
    const { testWebhook } = await import("../webhooks/run-webhooks.js");
    const { renderTestReport } = await import("../render/webhooks.js");
    const f = flags(command);
    const { checkOutputPath } = await import("../util/atomic-write.js");
    checkOutputPath(f.junit, "--junit");
    const { provider, ...report } = await testWebhook(id, f);
    renderTestReport(report, Boolean(f.json));
    const reports = await import("../render/publish-report.js");
    if (reports.reportWanted(f.junit)) {
      const { webhooksTestReport } = await import("../render/run-report.js");
      await reports.publishReport(webhooksTestReport(report, provider), {
        junit: f.junit,
        json: Boolean(f.json),
        secrets: [],
      });
    }
    if (report.testsFailed > 0) {
      throw new CheckFailed(
        `${report.testsFailed} of ${report.testsRun} test deliveries failed`,
        true,
      );
    }
  });
  common(
    webhooks.command("rotate <webhook-id>").description("rotate the signing key (square)"),
    '{"id","secret"} (masked)',
  ).action(async (id: string, _options: Flags, command: Command) => {
    const { rotateWebhook } = await import("../webhooks/run-webhooks.js");
    const { renderRotated } = await import("../render/webhooks.js");
    const f = flags(command);
    renderRotated(await rotateWebhook(id, f), Boolean(f.json));
  });
  common(
    webhooks
      .command("deliveries <webhook-id>")
      .description("what the provider sent, with its status (poynt, github)")
      .option("--since <time>", "only since this ISO time or duration (10m, 2h, 3d)")
      .option("--missing", "only those that never reached the local store (compared by event id)")
      .option("--store <file>", "capture store for --missing; default in your state directory"),
    "an array of deliveries",
  ).action(async (id: string, _options: Flags, command: Command) => {
    const { listDeliveries } = await import("../webhooks/deliveries.js");
    const { renderDeliveries } = await import("../render/webhooks.js");
    const f = flags(command);
    renderDeliveries(await listDeliveries(id, f), Boolean(f.json));
  });
  common(
    webhooks
      .command("redeliver <webhook-id> [delivery-id...]")
      .description("ask the provider to send deliveries again (poynt, github)")
      .option("--missing", "every delivery that never reached the local store")
      .option("--since <time>", "with --missing: only since this ISO time or duration")
      .option("--store <file>", "capture store for --missing; default in your state directory"),
    "an array of {id,ok,message}",
  ).action(async (id: string, deliveryIds: string[], _options: Flags, command: Command) => {
    const { redeliver } = await import("../webhooks/deliveries.js");
    const { renderRedelivered } = await import("../render/webhooks.js");
    const f = flags(command);
    const outcome = await redeliver(id, deliveryIds, f);
    renderRedelivered(outcome, Boolean(f.json));
    const refused = outcome.results.filter((r) => !r.ok).length;
    if (refused > 0) throw new CheckFailed(`${refused} redelivery request(s) refused`, true);
  });
}
