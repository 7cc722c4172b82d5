import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

// Clover's X-Clover-Auth is the app's auth code itself, not a signature made with it.
const AUTH_CODE = "0307e264-b33a-4913-88aa-37b10014a0b8";
const BODY = JSON.stringify({
  appId: "DRKVSDXMZ4PN2",
  merchants: {
    "6J9JRBM28KH8T": [{ objectId: "O:Y7YBXQW3Z8J4A", type: "CREATE", ts: 1700000000000 }],
  },
});

let dir: string;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-secrets-e2e-"));
});
afterEach(async () => {
  await running?.stop("SIGTERM");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("secrets in captured requests", () => {
  it("are stored as received but never printed whole by listen --json or events show", async () => {
    const store = join(dir, "events.jsonl");
    running = ListenProcess.start(
      [
        "--json",
        "--port",
        "0",
        "--tunnel",
        "none",
        "--no-inspect",
        "--store",
        store,
        "--secret",
        AUTH_CODE,
      ],
      { HOOKS_CONFIG_DIR: dir },
    );
    const ready = await running.ready();
    const reply = await send(`${String(ready.localUrl)}/clover`, {
      body: BODY,
      headers: { "content-type": "application/json", "x-clover-auth": AUTH_CODE },
    });
    expect(reply.status).toBe(200);
    const line = await running.waitFor((l) => l.type === "request");
    expect(line.signature).toMatchObject({ status: "valid" });
    expect((line.headers as Record<string, string>)["x-clover-auth"]).toBe("03…0b8");
    expect(JSON.stringify(running.lines)).not.toContain(AUTH_CODE);

    // The store keeps the request byte for byte: nothing captured is lost.
    expect(await readFile(store, "utf8")).toContain(AUTH_CODE);

    const shown = await runCli(["events", "show", String(line.id), "--store", store, "--json"], {
      env: { HOOKS_CONFIG_DIR: dir },
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(AUTH_CODE);
    expect(JSON.parse(shown.stdout).headers["x-clover-auth"]).toBe("03…0b8");
  });
});
