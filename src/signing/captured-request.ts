import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import { fileError } from "../util/file-error.js";
import { wireHeaders } from "../store/header-bytes.js";
import { lowerCaseHeaders, type HeaderMap } from "../util/headers.js";

/** A captured request, in the store's `request` shape (README: `hooks listen --json`). */
export interface CapturedRequest {
  headers: HeaderMap;
  body: Buffer;
  provider?: string | undefined;
  url?: string | undefined;
  /** When it was captured (Unix seconds): a recorded request is checked as of then. */
  receivedAtSec?: number | undefined;
}

export async function readCapturedRequest(file: string): Promise<CapturedRequest> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw fileError(
      "read the --request file",
      file,
      error,
      "save one with `hooks events show <id> --json > request.json`",
    );
  }
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(
      `--request file "${file}" is not one JSON request; save one with \`hooks events show <id> --json > request.json\``,
    );
  }
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.headers !== "object" ||
    typeof record.body !== "string"
  ) {
    throw new UsageError(`--request file "${file}" has no "headers" object and "body" string`);
  }
  const encoding = record.bodyEncoding === "base64" ? "base64" : "utf8";
  return {
    // The header bytes that arrived, as the listener checked them (src/store/header-bytes.ts).
    headers: lowerCaseHeaders(
      wireHeaders(record as { headers: Record<string, string>; headerEncodings?: unknown }),
    ),
    body: Buffer.from(record.body, encoding),
    provider: typeof record.provider === "string" ? record.provider : undefined,
    url: typeof record.url === "string" ? record.url : undefined,
    receivedAtSec:
      typeof record.receivedAt === "string" && !Number.isNaN(Date.parse(record.receivedAt))
        ? Math.floor(Date.parse(record.receivedAt) / 1000)
        : undefined,
  };
}
