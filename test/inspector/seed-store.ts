import { writeFile } from "node:fs/promises";

/** Writes a store of `count` realistic records (a mix of providers and outcomes), oldest first. */
export async function seedStore(
  path: string,
  count: number,
  start = Date.UTC(2026, 0, 1),
): Promise<string[]> {
  const providers = ["square", "standard", "github", "clover", null];
  const statuses = ["valid", "invalid", "unsigned", "unchecked"];
  const ids: string[] = [];
  const lines: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = `req_seed${String(n).padStart(6, "0")}`;
    const body = JSON.stringify({
      event_id: `evt_${n}`,
      type: "payment.created",
      data: {
        object: {
          payment: {
            id: `pay_${n}`,
            amount_money: { amount: n * 10, currency: "USD" },
            note: "x".repeat(200),
          },
        },
      },
    });
    ids.push(id);
    lines.push(
      JSON.stringify({
        type: "request",
        id,
        receivedAt: new Date(start + n * 1000).toISOString(),
        method: "POST",
        path: `/hooks/${n % 7}`,
        url: `http://127.0.0.1:4665/hooks/${n % 7}`,
        headers: {
          "content-type": "application/json",
          "user-agent": "Square Connect v2",
          "x-seed": String(n),
        },
        body,
        bodyEncoding: "utf8",
        bodyBytes: Buffer.byteLength(body),
        provider: providers[n % providers.length],
        eventType: "payment.created",
        eventId: `evt_${n}`,
        signature: { status: statuses[n % statuses.length], reason: "seeded" },
        response: { status: n % 10 === 0 ? 500 : 200, durationMs: 2 },
      }),
    );
  }
  await writeFile(path, `${lines.join("\n")}\n`);
  return ids;
}
