import type { IncomingMessage } from "node:http";

const MAX_ACTION_BYTES = 64 * 1024;

/** The replay action's JSON object, or the status and error to answer with. */
export async function readReplayAction(
  req: IncomingMessage,
): Promise<{ fields: Record<string, unknown> } | { status: number; error: string }> {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    return { status: 415, error: "send the action as application/json" };
  }
  const fields = await readAction(req);
  return fields ? { fields } : { status: 400, error: "the action is not a JSON object" };
}

async function readAction(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ACTION_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
