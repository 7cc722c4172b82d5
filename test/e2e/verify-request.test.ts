import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { capturedRecord } from "../helpers/captured-record.js";

// Vector from standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const TIMESTAMP = 1614265330;

/** A request as `hooks events show <id> --json` prints it, received `delaySec` after signing. */
function capturedFile(delaySec: number): string {
  const dir = mkdtempSync(join(tmpdir(), "hooks-verify-request-"));
  const file = join(dir, "request.json");
  const record = {
    type: "request",
    id: "req_test",
    receivedAt: new Date((TIMESTAMP + delaySec) * 1000).toISOString(),
    method: "POST",
    path: "/hooks",
    url: "http://127.0.0.1:4665/hooks",
    headers: {
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": String(TIMESTAMP),
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    },
    body: '{"test": 2432232314}',
    bodyEncoding: "utf8",
    provider: "standard",
  };
  writeFileSync(file, JSON.stringify(record));
  return file;
}

describe("hooks verify --request", () => {
  it("checks a captured request as of when it arrived, years later", async () => {
    const result = await runCli([
      "verify",
      "--request",
      capturedFile(10),
      "--secret",
      SECRET,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, provider: "standard" });
  });

  it("still catches a request that arrived outside the tolerance", async () => {
    const result = await runCli([
      "verify",
      "--request",
      capturedFile(3600),
      "--secret",
      SECRET,
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).reason).toMatch(/3600s old/);
  });

  it("lets --now override the arrival time", async () => {
    const file = capturedFile(10);
    const result = await runCli([
      "verify",
      "--request",
      file,
      "--secret",
      SECRET,
      "--now",
      String(TIMESTAMP + 900),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/900s old/);
  });
});

describe("hooks verify prints a sender's bytes escaped", () => {
  it("a control character in a captured header is shown as \\u001b, never raw", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hooks-verify-escape-"));
    const file = join(dir, "request.json");
    const record = capturedRecord({
      id: "req_escape",
      path: "/hooks",
      headers: { "stripe-signature": "t=1\u001b[2J\u0007,v1=00" },
      provider: "stripe",
    });
    writeFileSync(file, JSON.stringify(record));
    const result = await runCli(["verify", "--request", file, "--secret", "whsec_x"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("\\u001b[2J\\u0007");
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
