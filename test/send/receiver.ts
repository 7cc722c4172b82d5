import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Decides each answer; `n` counts requests from 1. Default: 200. */
export type Responder = (request: Received, n: number, response: ServerResponse) => void;

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  close(): Promise<void>;
}

/** A real HTTP receiver on a free port, keeping every request's raw bytes. */
export async function startReceiver(respond?: Responder): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(", ") : (value ?? ""),
          ]),
        ),
        body: Buffer.concat(chunks),
      };
      requests.push(received);
      if (respond) respond(received, requests.length, res);
      else res.end(slackChallenge(received.body) ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A real Slack app answers its url_verification with the challenge (plain text, the first answer
 * https://api.slack.com/events/url_verification shows); the default receiver does the same.
 */
function slackChallenge(body: Buffer): string | undefined {
  try {
    const json = JSON.parse(body.toString("utf8")) as { type?: unknown; challenge?: unknown };
    return json.type === "url_verification" && typeof json.challenge === "string"
      ? json.challenge
      : undefined;
  } catch {
    return undefined;
  }
}

const hmac = (algorithm: string, key: string | Buffer, data: string | Buffer): Buffer =>
  createHmac(algorithm, key).update(data).digest();

/**
 * Checks a delivery's signature from the schemes the README documents, computed here with node:crypto and
 * nothing from src/, so that a bug in a provider module cannot hide itself.
 */
export function signatureIsValid(
  provider: string,
  secret: string,
  url: string,
  request: Received,
): boolean {
  const h = request.headers;
  const body = request.body;
  switch (provider) {
    case "clover":
      return h["x-clover-auth"] === secret;
    case "poynt":
      return h["poynt-webhook-signature"] === hmac("sha1", secret, body).toString("base64");
    case "square":
      return (
        h["x-square-hmacsha256-signature"] ===
        hmac("sha256", secret, Buffer.concat([Buffer.from(url), body])).toString("base64")
      );
    case "up42": {
      // UP42's own receivers' check (up42/up42-webhooks, snippets/validate_webhook.py): the
      // headers signature-input lists, values joined with nothing, HMAC-SHA256 keyed with the
      // secret as text; plus the body against the listed content-digest.
      const list = /up42-sig=\(([^)]*)\)/.exec(h["signature-input"] ?? "")?.[1] ?? "";
      const names: string[] = list.match(/[^"\s]+/g) ?? [];
      const message = names.map((name) => h[name.toLowerCase()] ?? "").join("");
      const expected = `up42-sig=${hmac("sha256", secret, message).toString("base64")}`;
      const digest = `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
      return (
        names.includes("content-digest") &&
        h["content-digest"] === digest &&
        h.signature === expected
      );
    }
    case "standard": {
      // As the spec's libraries do: base64, with or without the whsec_ prefix.
      const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      const signed = Buffer.concat([
        Buffer.from(`${h["webhook-id"]}.${h["webhook-timestamp"]}.`),
        body,
      ]);
      const expected = `v1,${hmac("sha256", key, signed).toString("base64")}`;
      return (h["webhook-signature"] ?? "").split(" ").includes(expected);
    }
    case "stripe": {
      const parts = Object.fromEntries(
        (h["stripe-signature"] ?? "").split(",").map((part) => part.split("=") as [string, string]),
      );
      const signed = Buffer.concat([Buffer.from(`${parts.t}.`), body]);
      return parts.v1 === hmac("sha256", secret, signed).toString("hex");
    }
    case "github":
      return h["x-hub-signature-256"] === `sha256=${hmac("sha256", secret, body).toString("hex")}`;
    case "shopify":
      return h["x-shopify-hmac-sha256"] === hmac("sha256", secret, body).toString("base64");
    case "slack": {
      const signed = Buffer.concat([Buffer.from(`v0:${h["x-slack-request-timestamp"]}:`), body]);
      return h["x-slack-signature"] === `v0=${hmac("sha256", secret, signed).toString("hex")}`;
    }
    default:
      throw new Error(`no independent check for ${provider}`);
  }
}
