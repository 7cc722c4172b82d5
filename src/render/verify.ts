import { CheckFailed } from "../errors.js";
import type { VerifyOutcome } from "../signing/verify-request.js";
import { paint, writeStdoutNow } from "./out.js";

/** Prints a verification; an invalid one becomes exit 1 (after it has been reported). */
export function renderVerify(outcome: VerifyOutcome, { json }: { json: boolean }): void {
  writeStdoutNow(json ? `${JSON.stringify(outcome)}\n` : verifyText(outcome));
  if (!outcome.valid) throw new CheckFailed(outcome.reason, true);
}

function verifyText(outcome: VerifyOutcome): string {
  const verdict = outcome.valid ? paint("green", "✔ valid") : paint("red", "✘ invalid");
  const lines = [`${verdict} ${paint("dim", `(${outcome.provider})`)} ${outcome.reason}`];
  const explanation = outcome.explanation;
  if (explanation?.matched) {
    lines.push(`  ${paint("yellow", "→ likely cause:")} ${explanation.matched}`);
  } else if (explanation) {
    lines.push(
      `  ${paint("dim", `none of ${explanation.tried} usual mistakes would have matched: check the secret and that the body is the exact bytes received`)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
