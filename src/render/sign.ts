import type { HeaderMap } from "../providers/types.js";
import { printJson, printLine } from "./out.js";

export function renderHeaders(headers: HeaderMap, { json }: { json: boolean }): void {
  if (json) return printJson({ headers });
  for (const [name, value] of Object.entries(headers)) printLine(`${name}: ${value}`);
}
