import { CheckFailed } from "../errors.js";
import type { VerifyOutcome } from "../signing/verify-request.js";
import { paint } from "./color.js";
import { printJson, printLine } from "./out.js";

/** Prints a verification; an invalid one becomes exit 1 (after it has been reported). */
export function renderVerify(outcome: VerifyOutcome, { json }: { json: boolean }): void {
  if (json) {
    printJson(outcome);
  } else if (outcome.valid) {
    printLine(
      `${paint("green", "✔ valid")} ${paint("dim", `(${outcome.provider})`)} ${outcome.reason}`,
    );
  } else {
    printLine(
      `${paint("red", "✘ invalid")} ${paint("dim", `(${outcome.provider})`)} ${outcome.reason}`,
    );
    const explanation = outcome.explanation;
    if (explanation) {
      printLine(
        explanation.matched
          ? `  ${paint("yellow", "→ likely cause:")} ${explanation.matched}`
          : `  ${paint("dim", `none of ${explanation.tried} usual mistakes would have matched: check the secret and that the body is the exact bytes received`)}`,
      );
    }
  }
  if (!outcome.valid) throw new CheckFailed(outcome.reason, true);
}
