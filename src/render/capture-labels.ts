import chalk from "chalk";
import type { RequestRecord } from "../store/event-store-record.js";
import { printable } from "./printable.js";

/** `square payment.created`, or just the provider, or nothing. */
export function eventLabel(record: Pick<RequestRecord, "provider" | "eventType">): string {
  return printable([record.provider, record.eventType].filter(Boolean).join(" "));
}

/** `compact` leaves out why a request is unsigned or unchecked (lists, unknown senders). */
export function describeSignature(signature: RequestRecord["signature"], compact = false): string {
  // A reason may quote a header the sender wrote (`t="…" is not Unix seconds`).
  const reason = printable(signature.reason);
  if (compact && signature.status === "unsigned") return chalk.yellow("unsigned");
  if (compact && signature.status === "unchecked") return chalk.dim("unchecked");
  switch (signature.status) {
    case "valid":
      return chalk.green("✔ valid");
    case "invalid":
      return chalk.red(`✘ invalid: ${reason}`);
    case "unsigned":
      return chalk.yellow(`unsigned (${reason})`);
    case "unchecked":
      return chalk.dim(
        reason.startsWith("no secret") ? "unchecked (no secret)" : `unchecked (${reason})`,
      );
  }
}
