import type { SignedHeaders } from "../signing/sign-request.js";
import { printJson, printLine } from "./out.js";

export function renderHeaders(
  { headers, masked }: SignedHeaders,
  { json }: { json: boolean },
): void {
  if (json) printJson({ headers });
  else for (const [name, value] of Object.entries(headers)) printLine(`${name}: ${value}`);
  for (const name of masked) {
    printLine(
      `hooks: ${name} carries the secret itself, so it is shown masked; send it as -H "${name}: $HOOKS_SECRET"`,
      process.stderr,
    );
  }
}
