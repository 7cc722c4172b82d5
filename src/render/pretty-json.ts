/**
 * A JSON text re-indented (2 spaces), or undefined when it is not JSON. Only the layout changes:
 * every string and number keeps its exact characters, since parsing and re-serialising would
 * round numbers past 2^53 (ids often are) and rewrite escapes, and what `hooks events show`
 * prints must be what was sent.
 */
export function prettyJson(text: string): string | undefined {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  let out = "";
  let depth = 0;
  const newline = (): string => `\n${"  ".repeat(depth)}`;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      const next = nextSignificant(text, i + 1);
      if (text[next] === close) {
        out += `${char}${close}`;
        i = next;
      } else {
        depth += 1;
        out += char + newline();
      }
    } else if (char === "}" || char === "]") {
      depth -= 1;
      out += newline() + char;
    } else if (char === ",") {
      out += `,${newline()}`;
    } else if (char === ":") {
      out += ": ";
    } else if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") {
      out += char;
    }
  }
  return out;
}

/** The index just past the string literal that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  return i;
}
