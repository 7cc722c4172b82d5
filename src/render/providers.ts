import chalk from "chalk";
import type { ProviderSummary } from "../providers/types.js";
import { printJson, printLine } from "./out.js";

interface RenderOptions {
  json: boolean;
}

export function renderProviderList(providers: ProviderSummary[], { json }: RenderOptions): void {
  if (json) return printJson(providers);
  const width = Math.max(...providers.map((p) => p.id.length));
  for (const provider of providers) {
    printLine(
      `${chalk.bold(provider.id.padEnd(width))}  ${provider.name.padEnd(18)} ${chalk.dim(
        provider.signatureHeaders[0] ?? "",
      )}  ${chalk.dim(`${provider.events.length} sample events`)}`,
    );
  }
  printLine();
  printLine(chalk.dim("hooks providers show <id> for headers, signed bytes, timeouts and events"));
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
