import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes an executable `cloudflared` into `dir` that prints `output` for --version and exits `code`. */
export function fakeCloudflared(
  dir: string,
  output = "cloudflared version 2025.1.1 (built 2025-01-15-1200 UTC)",
  code = 0,
): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "cloudflared");
  writeFileSync(path, `#!/bin/sh\necho '${output}'\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}
