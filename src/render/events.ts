import chalk from "chalk";
import type { ReplayResult } from "../listener/replay.js";
import type { RequestRecord } from "../store/event-store-record.js";
import { describeSignature, eventLabel } from "./capture-labels.js";
import { printJson, printLine } from "./out.js";
import { prettyJson } from "./pretty-json.js";
import { printable, printableText } from "./printable.js";

export function renderEventList(records: RequestRecord[], { json }: { json: boolean }): void {
  if (json) return printJson(records);
  if (records.length === 0) {
    printLine(chalk.dim("no requests captured yet"));
    return;
  }
  for (const record of records) {
    const status = record.response?.status;
    printLine(
      [
        chalk.bold(record.id),
        chalk.dim(record.receivedAt.replace("T", " ").slice(0, 19)),
        printable(`${record.method} ${record.path}`),
        eventLabel(record),
        describeSignature(record.signature, true),
        record.duplicateOf ? chalk.yellow(`duplicate of ${record.duplicateOf}`) : "",
        status === undefined ? "" : `-> ${status}`,
      ]
        .filter(Boolean)
        .join("  "),
    );
  }
}

/** `raw`: the body as it arrived; else a JSON body is shown re-indented (its values untouched). */
export function renderEvent(
  record: RequestRecord,
  { json, raw = false }: { json: boolean; raw?: boolean },
): void {
  if (json) return printJson(record);
  const label = (name: string): string => chalk.dim(name.padEnd(10));
  printLine(`${chalk.bold(record.id)}  ${record.receivedAt}`);
  const request = printable(`${record.method} ${record.path}`);
  printLine(`${label("request")}${request}  ${chalk.dim(printable(record.url ?? ""))}`);
  if (record.provider) printLine(`${label("provider")}${eventLabel(record)}`);
  if (record.eventId) printLine(`${label("event id")}${printable(record.eventId)}`);
  printLine(`${label("signature")}${describeSignature(record.signature)}`);
  if (record.signature.status === "invalid")
    printLine(`${label("")}${printable(record.signature.reason)}`);
  if (record.verificationCode)
    printLine(`${label("code")}${chalk.bold.cyan(printable(record.verificationCode))}`);
  if (record.duplicateOf) printLine(`${label("duplicate")}of ${record.duplicateOf}`);
  if (record.response) {
    printLine(`${label("answered")}${record.response.status} in ${record.response.durationMs} ms`);
  }
  if (record.forward) {
    const forward = record.forward;
    // The target's error may quote what it answered.
    const outcome = forward.error ?? `${forward.status} in ${forward.durationMs} ms`;
    printLine(`${label("forwarded")}${printable(`${forward.url}: ${outcome}`)}`);
  }
  printLine();
  for (const [name, value] of Object.entries(record.headers))
    printLine(`${chalk.dim(`${name}:`)} ${printable(value)}`);
  printLine();
  if (record.bodyEncoding === "base64") {
    // Stored as base64 when it is not UTF-8, or when escaping would blow it up (escapes-heavily.ts).
    const why = utf8(record.body) ? "mostly control characters" : "not UTF-8";
    printLine(chalk.dim(`(${record.bodyBytes ?? "?"} bytes, ${why}, shown as base64)`));
  }
  const pretty = raw || record.bodyEncoding === "base64" ? undefined : prettyJson(record.body);
  if (pretty !== undefined && pretty !== record.body) {
    printLine(chalk.dim("(JSON, re-indented: --raw shows the body as it arrived)"));
  }
  // The exact bytes are in --json; a terminal gets them with control characters escaped.
  printLine(printableText(pretty ?? record.body));
}

/** Prints a replay, failed or not; the command decides the exit code. */
export function renderReplay(result: ReplayResult, { json }: { json: boolean }): void {
  if (json) printJson(result);
  else if (result.ok) {
    printLine(
      `${chalk.green("✔")} replayed ${result.id}${result.resigned ? " (re-signed)" : ""} -> ${printable(`${result.method} ${result.to}`)}: ${result.status} (${result.durationMs} ms)`,
    );
  } else {
    printLine(
      // The error may quote the server's answer.
      `${chalk.red("✘")} replayed ${result.id} -> ${printable(`${result.method} ${result.to}: ${result.error}`)}`,
    );
  }
}

export function renderStoreNotes(notes: string[]): void {
  for (const note of notes) process.stderr.write(`hooks: ${note}\n`);
}

function utf8(base64: string): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(base64, "base64"));
    return true;
  } catch {
    return false;
  }
}
