import { closeSync, openSync, readSync } from "node:fs";
import { UsageError } from "../errors.js";
import { fileError } from "../util/file-error.js";
import { parseSecret } from "./keys.js";

/** A secret file is a few lines; more than this is the wrong file (or /dev/zero). */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

const FLAG = "--secret-file";

/**
 * `--secret-file <path>` (or `-`, stdin): the secret without putting it on the command line, where
 * `ps` and the shell's history would show it. One secret a line, several for key rotation, as
 * repeating --secret; the line breaks (LF or CRLF) and blank lines are not part of any secret. A
 * line that starts or ends with a space is refused rather than trimmed: `echo "s " > f` would
 * otherwise make every signature fail with no clue why. Errors never quote the file's content.
 */
export async function readSecretFile(
  spec: string,
  options: { stdinTakenBy?: string | undefined; stdin?: NodeJS.ReadableStream } = {},
): Promise<string[]> {
  if (spec === "-" && options.stdinTakenBy !== undefined) {
    throw new UsageError(
      `${FLAG} - and ${options.stdinTakenBy} cannot both read stdin; put the secret in a file (${FLAG} <path>) or set HOOKS_SECRET`,
    );
  }
  const where = spec === "-" ? `${FLAG} - (stdin)` : `${FLAG} ${spec}`;
  const bytes = spec === "-" ? await readStdin(options.stdin ?? process.stdin) : readFile(spec);
  if (bytes === undefined) {
    throw new UsageError(
      `${where} is larger than ${MAX_SECRET_FILE_BYTES / 1024} KiB: not a secret file; pass a file with one secret a line`,
    );
  }
  const secrets: string[] = [];
  const lines = bytes
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line === "") return;
    const origin = `${where} line ${index + 1}`;
    if (/^\s|\s$/.test(line)) {
      throw new UsageError(
        `invalid ${origin}: it starts or ends with a space or tab; remove it (a secret has none)`,
      );
    }
    secrets.push(parseSecret(line, origin));
  });
  if (secrets.length === 0) {
    throw new UsageError(`${where} holds no secret; put the secret on the file's first line`);
  }
  return [...new Set(secrets)];
}

/** The file's bytes, or undefined past the cap; read in pieces so a device never fills memory. */
function readFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw fileError("read the secret file", path, error, "pass a readable file, or - for stdin");
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(16 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks);
      total += read;
      if (total > MAX_SECRET_FILE_BYTES) return undefined;
      chunks.push(chunk.subarray(0, read));
    }
  } catch (error) {
    throw fileError("read the secret file", path, error, "pass a readable file, or - for stdin");
  } finally {
    closeSync(fd);
  }
}

async function readStdin(stream: NodeJS.ReadableStream): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const piece = Buffer.from(chunk as Buffer);
    total += piece.length;
    if (total > MAX_SECRET_FILE_BYTES) return undefined;
    chunks.push(piece);
  }
  return Buffer.concat(chunks);
}
