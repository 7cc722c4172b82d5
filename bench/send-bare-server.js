// A bare node:http receiver for bench/send.bench.js: reads each body, answers 200, counts requests.
// Prints its port on stdout once listening; prints the count on SIGTERM.
import { createServer } from "node:http";

let received = 0;
const server = createServer((request, response) => {
  request.on("data", () => {});
  request.on("end", () => {
    received += 1;
    response.end("ok");
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => {
  process.stdout.write(`received ${received}\n`);
  process.exit(0);
});
