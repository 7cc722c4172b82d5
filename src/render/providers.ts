import chalk from "chalk";
import type { ProviderSummary } from "../providers/types.js";
import { printJson, printLine } from "./out.js";

interface RenderOptions {
  json: boolean;
}

export function renderProviderList(providers: ProviderSummary[], { json }: RenderOptions): void {
  if (json) return printJson(providers);
  const rows = providers.map((provider) => [
    chalk.bold(provider.id),
    provider.name,
    chalk.dim(provider.signatureHeaders[0] ?? ""),
    chalk.dim(`${provider.events.length} sample events`),
  ]);
  for (const line of alignColumns(rows, { right: [3] })) printLine(line);
  printLine();
  printLine(chalk.dim("hooks providers show <id> for headers, signed bytes, timeouts and events"));
}

// eslint-disable-next-line no-control-regex -- SGR colour codes are what is stripped
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a terminal shows: colour codes take no room, and a character is one column here. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
}

/**
 * Lines up cells that may already be coloured, padding each by its visible width (padEnd on a
 * coloured string counts the escape codes and misaligns the column). `right` lists the columns
 * aligned to the right (counts); the last column is not padded at its end.
 */
export function alignColumns(
  rows: readonly (readonly string[])[],
  { right = [], gap = "  " }: { right?: readonly number[]; gap?: string } = {},
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const fill = " ".repeat((widths[i] ?? 0) - visibleWidth(cell));
        if (right.includes(i)) return fill + cell;
        return i === row.length - 1 ? cell : cell + fill;
      })
      .join(gap),
  );
}

export function renderProvider(provider: ProviderSummary, { json }: RenderOptions): void {
  if (json) return printJson(provider);
  const rows: [string, string][] = [
    ["headers", provider.signatureHeaders.join(", ")],
    ["algorithm", provider.algorithm],
    ["signed bytes", provider.signedBytes],
    ["secret", provider.secretFormat],
    [
      "tolerance",
      provider.toleranceSec === null ? "none (no timestamp)" : `${provider.toleranceSec} s`,
    ],
    ["timeout", `${provider.timeoutMs / 1000} s to answer with 2xx`],
    ["retries", provider.retry.description],
    ["docs", provider.docs],
  ];
  printLine(`${chalk.bold(provider.name)} ${chalk.dim(`(${provider.id})`)}`);
  for (const [label, value] of rows) printLine(`  ${chalk.dim(label.padEnd(13))}${value}`);
  printLine();
  printLine(chalk.bold(`Sample events (${provider.events.length})`));
  const width = Math.max(0, ...provider.events.map((e) => e.name.length));
  for (const event of provider.events)
    printLine(`  ${event.name.padEnd(width)}  ${chalk.dim(event.description)}`);
}
