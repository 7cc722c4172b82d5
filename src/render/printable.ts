// C0 and C1 control characters: ESC and CSI (U+009B) start sequences that move the cursor, clear
// the screen or retitle the window. Header values reach here decoded as latin1, so a byte 0x9b a
// sender wrote is U+009B.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const escapeControl = (char: string): string =>
  `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * One line of what a sender wrote (event type and id, a header, a reason quoting one, Clover's
 * code) as it may reach a terminal: control characters shown escaped, as JSON writes them.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** A body shown whole: its line breaks and tabs stay, every other control character is escaped. */
export function printableText(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escapeControl);
}
