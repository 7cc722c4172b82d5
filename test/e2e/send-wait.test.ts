import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { freePort } from "../tunnel/fake.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("hooks send --wait", () => {
  it("waits for a server that starts after it, then sends every delivery once", async () => {
    const port = await freePort();
    let received = 0;
    let server: Server | undefined;
    // The server comes up 700 ms after send started: without --wait every delivery is refused.
    const late = setTimeout(() => {
      server = createServer((req, res) => {
        received += 1;
        req.resume();
        req.on("end", () => res.end("ok"));
      }).listen(port, "127.0.0.1");
    }, 700);
    try {
      const url = `http://127.0.0.1:${port}/hooks`;
      const args = ["send", url, "--secret", SECRET, "--event", "invoice.paid", "--count", "2"];
      const result = await runCli([...args, "--wait", "10"]);
      expect(result.stdout).toContain("2 passed, 0 failed");
      expect(result.code).toBe(0);
      // Only connections while waiting, never a request: the server saw the two deliveries.
      expect(received).toBe(2);
    } finally {
      clearTimeout(late);
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    }
  });

  it("exits 1 in one line when nothing accepts in time, and 2 for a bad value", async () => {
    const url = `http://127.0.0.1:${await freePort()}/hooks`;
    const result = await runCli(["send", url, "--secret", SECRET, "--wait", "1"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^hooks: nothing accepted connections on 127\.0\.0\.1:\d+ within 1 s \(--wait\): connection refused$/,
    );
    const bad = await runCli(["send", url, "--secret", SECRET, "--wait", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --wait "soon"/);
  });
});
