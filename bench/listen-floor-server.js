// The least a listener can do that meets issue 4's rules, for bench/listen.bench.js: a node:http
// server that reads each raw body, checks its Standard Webhooks signature with node:crypto, appends
// a JSON line to a file (the lines of one event-loop turn in one write) and only then answers 200.
// No provider detection, duplicate check, request id or output. Whatever this reaches against the
// bare server is the most `hooks listen` could reach on this machine.
// Usage: node bench/listen-floor-server.js <port> <store file> <whsec_ secret>
import { createHmac, timingSafeEqual } from "node:crypto";
import { openSync, writeSync } from "node:fs";
import { createServer } from "node:http";

const [port, storePath, secret] = process.argv.slice(2);
const key = Buffer.from(secret.slice("whsec_".length), "base64");
const fd = openSync(storePath, "a");
let lines = [];
let answers = [];

function flush() {
  writeSync(fd, `${lines.join("\n")}\n`);
  const due = answers;
  lines = [];
  answers = [];
  for (const answer of due) answer();
}

function valid(headers, body) {
  const expected = createHmac("sha256", key)
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`)
    .update(body)
    .digest();
  const given = Buffer.from(String(headers["webhook-signature"]).slice("v1,".length), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    const record = {
      receivedAt: new Date().toISOString(),
      method: request.method,
      path: request.url,
      headers: request.headers,
      body: body.toString("utf8"),
      valid: valid(request.headers, body),
    };
    if (lines.length === 0) setImmediate(flush);
    lines.push(JSON.stringify(record));
    answers.push(() => response.writeHead(200).end());
  });
}).listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
