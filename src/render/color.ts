import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/**
 * A few colours for the start-up-critical path (`hooks verify`, `hooks sign`), where importing
 * chalk would cost more than the whole verification. Same rules as chalk's supports-color:
 * FORCE_COLOR wins, then NO_COLOR, then whether the stream is a colour terminal.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (process.env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && process.env.TERM !== "dumb";
}

export function paint(style: Style, text: string, stream?: NodeJS.WriteStream): string {
  return colorEnabled(stream) ? styleText(style, text) : text;
}
