// The least a listener can do that meets issue 4's rules, for bench/listen.bench.js: a node:http
// server that reads each raw body, checks its Standard Webhooks signature with node:crypto in
// constant time, appends one JSON line (method, path, headers, body and the check's result) to a
// file, the lines of one event-loop turn in one synchronous write, and only then answers 200. No
// timestamp, request id, provider detection, duplicate check or output. Whatever this reaches
// against the bare server is the most `hooks listen` could reach on this machine.
// Written lean on purpose (issue 13): one string and one array per turn, the responses themselves
// queued (no closure per request), no Date formatting. An earlier version did those: a floor
// written independently reached 0.86x of the bare server where it reached about 0.64x, so hooks'
// ratio to it looked better than it was.
// Usage: node bench/listen-floor-server.js <port> <store file> <whsec_ secret>
import { createHmac, timingSafeEqual } from "node:crypto";
import { openSync, writeSync } from "node:fs";
import { createServer } from "node:http";

const [port, storePath, secret] = process.argv.slice(2);
const key = Buffer.from(secret.slice("whsec_".length), "base64");
const fd = openSync(storePath, "a");
let lines = "";
let waiting = [];

function flush() {
  writeSync(fd, lines);
  const due = waiting;
  lines = "";
  waiting = [];
  for (const response of due) {
    response.writeHead(200);
    response.end();
  }
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
    const { method, url: path, headers } = request;
    const ok = valid(headers, body);
    if (waiting.length === 0) setImmediate(flush);
    lines += `${JSON.stringify({ method, path, headers, body: body.toString(), valid: ok })}\n`;
    waiting.push(response);
  });
}).listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
