import type { SignedHeaders } from "../signing/sign-request.js";
import { printJson, printLine } from "./out.js";

export interface SignRenderOptions {
  json: boolean;
  /** The secret came from HOOKS_SECRET, so a script can put `$HOOKS_SECRET` in the header. */
  secretInEnv: boolean;
}

export function renderHeaders(
  { headers, masked }: SignedHeaders,
  { json, secretInEnv }: SignRenderOptions,
): void {
  if (json) printJson({ headers });
  else for (const [name, value] of Object.entries(headers)) printLine(`${name}: ${value}`);
  for (const name of masked) printLine(`hooks: ${maskedHint(name, secretInEnv)}`, process.stderr);
}

/** Why a header is masked and how to get it whole; the masked value would fail any check. */
export function maskedHint(name: string, secretInEnv: boolean): string {
  const env = secretInEnv ? `, or send it as -H "${name}: $HOOKS_SECRET"` : "";
  return `${name} carries the secret itself, so it is shown masked; add --show-secret to print it whole (for curl)${env}`;
}
