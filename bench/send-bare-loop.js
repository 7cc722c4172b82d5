// The baseline of bench/send.bench.js: the least a sender must do, written by hand on an undici
// Pool. It builds a Standard Webhooks event with a fresh id and timestamp, signs it (HMAC-SHA256 of
// `{id}.{timestamp}.{body}`), posts it with `concurrency` requests in flight and reads the answer.
// Usage: node bench/send-bare-loop.js <url> <count> <concurrency> <whsec_secret>
import { createHmac, randomUUID } from "node:crypto";
import { Pool } from "undici";

const [url, countText, concurrencyText, secret] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const key = Buffer.from(secret.slice("whsec_".length), "base64");
const target = new URL(url);
const pool = new Pool(target.origin, { connections: concurrency });

let next = 0;
let ok = 0;
async function worker() {
  while (next < count) {
    next += 1;
    const id = `msg_${randomUUID()}`;
    const now = Date.now();
    const body = JSON.stringify({
      type: "invoice.paid",
      timestamp: new Date(now).toISOString(),
      data: { id: `inv_${randomUUID()}`, amount: 4999, currency: "usd", status: "paid" },
    });
    const timestamp = Math.floor(now / 1000);
    const signature = createHmac("sha256", key)
      .update(`${id}.${timestamp}.${body}`)
      .digest("base64");
    const response = await pool.request({
      path: target.pathname,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": `v1,${signature}`,
      },
      body,
    });
    await response.body.dump();
    if (response.statusCode >= 200 && response.statusCode < 300) ok += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
await pool.close();
process.stdout.write(`${ok} ok\n`);
