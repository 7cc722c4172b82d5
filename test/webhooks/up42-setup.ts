import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { WebhookApi } from "../../src/webhooks/types.js";
import { createUp42Api } from "../../src/webhooks/up42-api.js";
import { startUp42Fake, type Up42FakeOptions } from "../fixtures/fake-apis/up42.js";
import { startReceiver as startHttpReceiver } from "../send/receiver.js";
import { fakeContext } from "./api-kit.js";

// What the UP42 client's tests share: the fake with known credentials, a client on it, a receiver
// for the fake's test deliveries, and UP42's own check of a delivery's signature.

export const USERNAME = "ada@example.com";
export const PASSWORD = "s3cret-pass-word";
export const SECRET = "QWZTFnMEXhqZKNmu-local";

export type Fake = Awaited<ReturnType<typeof startUp42Fake>>;
const closers: (() => Promise<void>)[] = [];
/** For each test file's afterEach: closes every fake and receiver the test started. */
export async function closeAll(): Promise<void> {
  await Promise.all(closers.splice(0).map((close) => close()));
}

export async function setup(
  options: Up42FakeOptions = {},
  extra: { clock?: () => number; password?: string } = {},
): Promise<{ fake: Fake; api: WebhookApi }> {
  const fake = await startUp42Fake({ username: USERNAME, password: PASSWORD, ...options });
  closers.push(fake.close);
  const credentials = { username: USERNAME, password: extra.password ?? PASSWORD };
  const context = await fakeContext(fake.url, credentials, { clock: extra.clock ?? Date.now });
  return { fake, api: createUp42Api(context) };
}

/** A receiver on 127.0.0.1 that answers each event with the status given for it. */
export async function startReceiver(statusFor: (event: string) => number) {
  const receiver = await startHttpReceiver((request, _n, response) => {
    const event = (JSON.parse(request.body.toString("utf8")) as { event: string }).event;
    response.writeHead(statusFor(event)).end();
  });
  closers.push(receiver.close);
  return { url: receiver.url, received: receiver.requests, close: receiver.close };
}

/** UP42's check (its snippets/validate_webhook.py), done here apart from both signer and hooks. */
export function up42SignatureHolds(
  headers: IncomingHttpHeaders,
  body: Buffer,
  secret: string,
): boolean {
  const input = String(headers["signature-input"]);
  const list = /up42-sig=\(([^)]*)\);created=(\d+)/.exec(input);
  if (!list?.[1]) return false;
  const names: string[] = list[1].match(/[^"\s]+/g) ?? [];
  if (!names.includes("content-digest")) return false;
  const digest = `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
  if (headers["content-digest"] !== digest) return false;
  const message = names.map((name) => String(headers[name])).join("");
  const mac = createHmac("sha256", secret).update(message).digest("base64");
  return headers.signature === `up42-sig=${mac}`;
}

export function apiRequests(fake: Fake) {
  return fake.requests.filter((request) => !request.path.startsWith("/realms/"));
}
