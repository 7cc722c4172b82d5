import chalk from "chalk";
import { maskSecret } from "../util/secrets.js";
import type { DeliveryReport } from "../webhooks/deliveries.js";
import type { EventType, RedeliverResult, Subscription, TestReport } from "../webhooks/types.js";
import { visible } from "./box.js";
import { printJson, printLine } from "./out.js";
import { printable } from "./printable.js";

// What `hooks webhooks` prints. Everything a provider's API said is shown through printable(),
// since it is text from the network; secrets only ever masked.

/** A subscription as `--json` shows it: the secret masked, never whole. */
export function subscriptionJson(subscription: Subscription): Record<string, unknown> {
  const { secret, ...rest } = subscription;
  return secret === undefined ? rest : { ...rest, secret: maskSecret(secret) };
}

export function renderSubscriptions(list: Subscription[], json: boolean): void {
  if (json) return printJson(list.map(subscriptionJson));
  if (list.length === 0) return printLine(chalk.dim("no webhook subscriptions"));
  const rows = list.map((s) => [
    printable(s.id),
    printable(s.url),
    printable(summariseEvents(s.events)),
    s.enabled ? chalk.green("enabled") : chalk.yellow("disabled"),
  ]);
  printTable(["ID", "URL", "EVENTS", "ENABLED"], rows);
}

export function renderSubscription(subscription: Subscription, json: boolean, verb: string): void {
  if (json) return printJson(subscriptionJson(subscription));
  printLine(`${chalk.green("✔")} ${verb} ${chalk.bold(printable(subscription.id))}`);
  const label = (name: string): string => chalk.dim(name.padEnd(9));
  printLine(`${label("url")}${printable(subscription.url)}`);
  printLine(`${label("events")}${printable(summariseEvents(subscription.events, 8))}`);
  printLine(`${label("enabled")}${subscription.enabled ? "yes" : "no"}`);
  if (subscription.secret !== undefined) {
    printLine(
      `${label("secret")}${maskSecret(subscription.secret)} ${chalk.dim("(saved by hooks; hooks listen --register uses it)")}`,
    );
  }
}

export function renderDeleted(result: { id: string; deleted: true }, json: boolean): void {
  if (json) return printJson(result);
  printLine(`${chalk.green("✔")} deleted ${chalk.bold(printable(result.id))}`);
}

export function renderRotated(result: { id: string; secret: string }, json: boolean): void {
  if (json) return printJson({ id: result.id, secret: maskSecret(result.secret) });
  printLine(
    `${chalk.green("✔")} new signature key for ${chalk.bold(printable(result.id))}: ${maskSecret(result.secret)} ${chalk.dim("(saved by hooks)")}`,
  );
}

export function renderEventTypes(events: EventType[], json: boolean): void {
  if (json) return printJson(events);
  const width = Math.min(40, Math.max(4, ...events.map((e) => e.name.length)));
  for (const event of events) {
    printLine(
      `${printable(event.name).padEnd(width)}  ${chalk.dim(printable(event.description ?? ""))}`,
    );
  }
}

/** Like `hooks send`: a line a test, then `N passed, N failed`. */
export function renderTestReport(report: TestReport, json: boolean): void {
  if (json) {
    return printJson({ data: report, error: null });
  }
  for (const test of report.tests) {
    const mark = test.ok ? chalk.green("✔") : chalk.red("✘");
    const status = test.status === null ? "no status" : String(test.status);
    const why = test.error ? `  ${printable(test.error.message)}` : "";
    printLine(`${mark} ${printable(test.event)}  ${status}${why}`);
  }
  const passed = chalk.green(`${report.testsSucceeded} passed`);
  const failed =
    report.testsFailed > 0
      ? chalk.red(`${report.testsFailed} failed`)
      : `${report.testsFailed} failed`;
  printLine(`${passed}, ${failed}`);
}

export function renderDeliveries(report: DeliveryReport, json: boolean): void {
  for (const note of report.notes) printLine(chalk.yellow(note), process.stderr);
  if (json)
    return printJson(
      report.compared ? { deliveries: report.deliveries, ...report.compared } : report.deliveries,
    );
  if (report.compared) {
    const { missing, arrived, store } = report.compared;
    printLine(chalk.dim(`${arrived} arrived in ${store}, ${missing} never did`), process.stderr);
  }
  if (report.deliveries.length === 0) {
    return printLine(chalk.dim(report.compared ? "nothing is missing" : "no deliveries"));
  }
  const rows = report.deliveries.map((d) => [
    printable(d.id),
    printable(d.deliveredAt.replace("T", " ").slice(0, 19)),
    printable(d.event ?? ""),
    d.status === null ? "-" : d.ok ? chalk.green(String(d.status)) : chalk.red(String(d.status)),
    printable(d.eventId ?? ""),
    d.redelivery ? "redelivery" : "",
  ]);
  printTable(["DELIVERY", "SENT", "EVENT", "STATUS", "EVENT ID", ""], rows);
}

export function renderRedelivered(
  results: { results: RedeliverResult[]; notes: string[] },
  json: boolean,
): void {
  for (const note of results.notes) printLine(chalk.yellow(note), process.stderr);
  if (json) return printJson(results.results);
  if (results.results.length === 0) return printLine(chalk.dim("nothing to redeliver"));
  for (const r of results.results) {
    const mark = r.ok ? chalk.green("✔") : chalk.red("✘");
    printLine(`${mark} ${printable(r.id)}${r.message ? `  ${printable(r.message)}` : ""}`);
  }
  const failed = results.results.filter((r) => !r.ok).length;
  printLine(`${results.results.length - failed} redelivery request(s) accepted, ${failed} refused`);
}

function summariseEvents(events: string[], shown = 3): string {
  if (events.length <= shown) return events.join(", ");
  return `${events.slice(0, shown).join(", ")} +${events.length - shown} more`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ""))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - visible(cell))))
      .join("  ")
      .trimEnd();
  printLine(chalk.dim(line(header)));
  for (const row of rows) printLine(line(row));
}
