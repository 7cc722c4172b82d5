/** Machine output: one JSON document (or one NDJSON line) on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Output for people: stdout when it is the command's product, else stderr. */
export function printLine(line = "", stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`${line}\n`);
}
