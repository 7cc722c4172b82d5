import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cliEnv, runCli, type CliResult } from "../helpers/cli.js";
import { signatureIsValid, startReceiver, type Receiver } from "../send/receiver.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const CLOVER_CODE = "0307e264-b33a-4913-88aa-37b10014a0b8";
const BODY = '{"id":"evt_1","type":"ping","data":{"n":1}}';
/** A secret each provider takes as it is (Standard Webhooks base64-decodes a `whsec_` one). */
const secretFor = (id: string): string =>
  id === "clover"
    ? CLOVER_CODE
    : id === "standard"
      ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      : "It's a Secret to Everybody";

/** The README's "Send a signed request with curl" block, exactly as a reader would copy it. */
function readmeRecipe(): string {
  const start = README.indexOf("Send a signed request with curl");
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(start));
  if (start < 0 || !block?.[1]) throw new Error("README: no curl recipe after its heading");
  return block[1];
}

let dir = "";
let receiver: Receiver | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-sign-curl-"));
  writeFileSync(join(dir, "event.json"), BODY);
  // `hooks` on PATH runs the built binary, as after `npm install -g`.
  writeFileSync(join(dir, "hooks"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, "hooks"), 0o755);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

function bash(script: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      cwd: dir,
      env: cliEnv({
        ...env,
        PATH: `${dir}${delimiter}${process.env.PATH ?? ""}`,
        // curl must reach the local receiver directly, whatever proxy the machine has.
        http_proxy: undefined,
        HTTP_PROXY: undefined,
        all_proxy: undefined,
        ALL_PROXY: undefined,
      }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the README's curl recipe (bash, curl and the built binary)", () => {
  it("delivers a request that verifies, for every provider", async () => {
    const listed = await runCli(["providers", "--json"]);
    const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((provider) => provider.id);
    expect(ids).toContain("clover");
    expect(ids).toContain("square");
    const recipe = readmeRecipe();
    expect(recipe).toContain("--provider stripe");
    for (const id of ids) {
      const secret = secretFor(id);
      const before = receiver!.requests.length;
      const script = `set -e\n${recipe
        .replace("url=http://localhost:3000/webhooks", `url=${receiver!.url}`)
        .replace("--provider stripe", `--provider ${id}`)}`;
      const run = await bash(script, { STRIPE_SECRET: secret });
      expect({ id, code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
      expect(receiver!.requests.length, id).toBe(before + 1);
      const request = receiver!.requests[before]!;
      expect(request.body.toString(), id).toBe(BODY);
      // Checked twice: by an independent node:crypto check, and by `hooks verify` itself.
      expect(signatureIsValid(id, secret, receiver!.url, request), id).toBe(true);
      const headers = Object.entries(request.headers).flatMap(([name, value]) => [
        "--header",
        `${name}: ${value}`,
      ]);
      const verified = await runCli([
        "verify",
        "--provider",
        id,
        "--secret",
        secret,
        "--payload",
        join(dir, "event.json"),
        "--url",
        receiver!.url,
        ...headers,
      ]);
      expect({ id, code: verified.code, stdout: verified.stdout }).toMatchObject({ code: 0 });
    }
  });
});

describe("hooks sign --show-secret", () => {
  it("prints Clover's auth code whole, in text and --json, with no hint", async () => {
    const [text, json] = await Promise.all([
      runCli(["sign", "--provider", "clover", "--secret", CLOVER_CODE, "--show-secret"]),
      runCli(["sign", "--provider", "clover", "--secret", CLOVER_CODE, "--show-secret", "--json"]),
    ]);
    expect(text).toEqual({ code: 0, stdout: `X-Clover-Auth: ${CLOVER_CODE}\n`, stderr: "" });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ headers: { "X-Clover-Auth": CLOVER_CODE } });
    expect(json.stderr).toBe("");
  });

  it("without it, masks the code and names --show-secret; $HOOKS_SECRET only when it is the source", async () => {
    const [flag, env, both] = await Promise.all([
      runCli(["sign", "--provider", "clover", "--secret", CLOVER_CODE]),
      runCli(["sign", "--provider", "clover", "--json"], { env: { HOOKS_SECRET: CLOVER_CODE } }),
      runCli(["sign", "--provider", "clover", "--secret", CLOVER_CODE], {
        env: { HOOKS_SECRET: "another-code-1234" },
      }),
    ]);
    for (const result of [flag, env, both]) {
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain(CLOVER_CODE);
      expect(result.stderr).toContain("X-Clover-Auth carries the secret itself");
      expect(result.stderr).toContain("--show-secret");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(flag.stdout).toBe("X-Clover-Auth: 03…0b8\n");
    expect(JSON.parse(env.stdout)).toEqual({ headers: { "X-Clover-Auth": "03…0b8" } });
    expect(env.stderr).toContain('-H "X-Clover-Auth: $HOOKS_SECRET"');
    expect(flag.stderr).not.toContain("HOOKS_SECRET");
    // --secret wins over HOOKS_SECRET, so $HOOKS_SECRET would be the wrong code.
    expect(both.stderr).not.toContain("HOOKS_SECRET");
  });
});
