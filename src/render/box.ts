/** How many columns a text takes on a terminal: its length without chalk's colour codes. */
export function visible(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}

/** A plain box around lines of text, sized to the longest (colour codes excluded). */
export function box(lines: readonly string[], paint: (text: string) => string = (t) => t): string {
  const width = Math.max(...lines.map(visible));
  const rule = "─".repeat(width + 2);
  const body = lines.map(
    (line) => `${paint("│")} ${line}${" ".repeat(width - visible(line))} ${paint("│")}`,
  );
  return [paint(`┌${rule}┐`), ...body, paint(`└${rule}┘`)].join("\n");
}
