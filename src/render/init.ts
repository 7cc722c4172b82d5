import chalk from "chalk";
import { CONFIG_KEYS } from "../config/keys.js";
import type { InitResult } from "../init/run-init.js";
import { formatValue } from "./config.js";
import { printJson, printLine } from "./out.js";

export function renderInit(result: InitResult, { json }: { json: boolean }): void {
  if (json) return printJson(result);
  printLine();
  printLine(`${chalk.green("✔")} Saved profile ${chalk.bold(result.profile)} to ${result.path}`);
  for (const key of [...CONFIG_KEYS, "webhooks"] as const) {
    const value = result.values[key];
    if (value === undefined) continue;
    printLine(`  ${key.padEnd(9)}  ${formatValue(value)}`);
  }
  if (result.secretFile) {
    printLine(
      `  ${chalk.yellow("the generated secret is in")} ${result.secretFile} ${chalk.dim("(owner-only)")}`,
    );
  }
  printLine();
  printLine(chalk.bold(`Next steps for ${result.provider.name}:`));
  result.nextSteps.forEach((step, index) => {
    printLine(`  ${index + 1}. ${step.text}`);
    if (step.command) printLine(`       ${chalk.cyan(step.command)}`);
  });
}
