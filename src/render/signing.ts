import chalk from "chalk";
import { CheckFailed } from "../errors.js";
import type { HeaderMap } from "../providers/types.js";
import type { VerifyOutcome } from "../signing/verify-request.js";
import { printJson, printLine } from "./out.js";

export function renderHeaders(headers: HeaderMap, { json }: { json: boolean }): void {
  if (json) return printJson({ headers });
  for (const [name, value] of Object.entries(headers)) printLine(`${name}: ${value}`);
}

/** Prints a verification; an invalid one becomes exit 1 (after it has been reported). */
export function renderVerify(outcome: VerifyOutcome, { json }: { json: boolean }): void {
  if (json) {
    printJson(outcome);
  } else if (outcome.valid) {
    printLine(`${chalk.green("✔ valid")} ${chalk.dim(`(${outcome.provider})`)} ${outcome.reason}`);
  } else {
    printLine(`${chalk.red("✘ invalid")} ${chalk.dim(`(${outcome.provider})`)} ${outcome.reason}`);
    const explanation = outcome.explanation;
    if (explanation) {
      printLine(
        explanation.matched
          ? `  ${chalk.yellow("→ likely cause:")} ${explanation.matched}`
          : `  ${chalk.dim(`none of ${explanation.tried} usual mistakes would have matched: check the secret and that the body is the exact bytes received`)}`,
      );
    }
  }
  if (!outcome.valid) throw new CheckFailed(outcome.reason, true);
}
