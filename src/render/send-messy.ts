import chalk from "chalk";
import type { SendPlan, TestResult } from "../sender/types.js";
import { printable } from "./printable.js";

/** The banner's part for --duplicates, --shuffle and --jitter; the seed repeats the run. */
export function describeMessy(plan: SendPlan): string {
  const messy = plan.messy;
  if (!messy) return "";
  const parts: string[] = [];
  if (messy.duplicates !== undefined) {
    parts.push(
      `${messy.duplicates} of them ${messy.duplicates === 1 ? "a duplicate" : "duplicates"}`,
    );
  }
  if (messy.shuffle) parts.push("shuffled");
  if (messy.jitterMs > 0) parts.push(`jitter up to ${messy.jitterMs} ms`);
  parts.push(`--seed ${messy.seed}`);
  return `, ${parts.join(", ")}`;
}

/** ` dup of <id>` on the line of a re-sent event. */
export function duplicateMark(test: TestResult): string {
  return test.duplicateOf === undefined
    ? ""
    : chalk.yellow(` dup of ${printable(test.duplicateOf)}`);
}

/** Counts the duplicates the run sent, for the summary line (` (2 duplicates)`). */
export class DuplicateTally {
  private sent = 0;
  private shown = false;

  start(plan: SendPlan): void {
    this.shown = plan.messy?.duplicates !== undefined;
  }

  add(test: TestResult): void {
    if (test.duplicateOf !== undefined) this.sent += 1;
  }

  toString(): string {
    if (!this.shown) return "";
    return ` (${this.sent} ${this.sent === 1 ? "duplicate" : "duplicates"})`;
  }
}
