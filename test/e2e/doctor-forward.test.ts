import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { FlakyApp } from "../helpers/flaky-app.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

interface Check {
  name: string;
  status: string;
  message: string;
  fix?: string;
  details?: Record<string, unknown>;
}

let dir: string;
let app: FlakyApp;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-doctor-forward-"));
  app = await FlakyApp.onFreePort();
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for `/` (HOOKS_SYSTEM_ROOT): a container, WSL, or a plain host. */
function systemRoot(kind: "container" | "wsl" | "host"): string {
  const root = join(dir, kind);
  mkdirSync(join(root, "proc"), { recursive: true });
  mkdirSync(join(root, "etc"));
  if (kind === "container") writeFileSync(join(root, ".dockerenv"), "");
  if (kind === "wsl") {
    writeFileSync(
      join(root, "proc", "version"),
      "Linux version 5.15.153.1-microsoft-standard-WSL2\n",
    );
    writeFileSync(join(root, "etc", "resolv.conf"), "nameserver 172.29.16.1\n");
  }
  return root;
}

async function forwardCheck(url: string, kind: "container" | "wsl" | "host") {
  const result = await runCli(["doctor", "--forward-to", url, "--json"], {
    env: { HOOKS_SYSTEM_ROOT: systemRoot(kind), XDG_STATE_HOME: dir },
  });
  const report = JSON.parse(result.stdout) as { checks: Check[] };
  return { code: result.code, check: report.checks.find((check) => check.name === "forward") };
}

describe("hooks doctor --forward-to", () => {
  it("says what answered at the target", async () => {
    await app.start();
    const { check } = await forwardCheck(`${app.url}/webhooks`, "host");
    expect(check?.status).toBe("ok");
    expect(check?.message).toMatch(
      new RegExp(
        `^${app.url}/webhooks answered 200 to GET in \\d+ ms: something is listening there$`,
      ),
    );
    expect(app.received.map((request) => [request.method, request.url])).toEqual([
      ["GET", "/webhooks"],
    ]);
  });

  it("fails on a target that is down; on the host it says to start the app", async () => {
    const { code, check } = await forwardCheck(app.url, "host");
    expect(code).toBe(1);
    expect(check).toMatchObject({
      status: "fail",
      message: `nothing is listening at ${app.url} (connection refused): is your app running?`,
      fix: "start your app, or pass the address it listens on: --forward-to <url>",
    });
  });

  it("in a container, suggests host.docker.internal for localhost", async () => {
    const { check } = await forwardCheck(`http://localhost:${app.port}/hooks`, "container");
    expect(check?.fix).toMatch(
      new RegExp(
        `in a container.*use http://host\\.docker\\.internal:${app.port}/hooks \\(on Linux`,
      ),
    );
  });

  it("in WSL, suggests the Windows host's address from resolv.conf", async () => {
    const { check } = await forwardCheck(`http://127.0.0.1:${app.port}`, "wsl");
    expect(check?.fix).toMatch(
      new RegExp(`in WSL.*use http://172\\.29\\.16\\.1:${app.port} \\(the Windows host`),
    );
  });

  it("is a usage error for a URL that is not http(s)", async () => {
    const result = await runCli(["doctor", "--forward-to", "ftp://x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid --forward-to "ftp:\/\/x"/);
  });
});

describe("hooks listen, when the forward is refused", () => {
  it("prints the container hint once, for the first refusal", async () => {
    running = ListenProcess.start(
      [
        "--tunnel",
        "none",
        "--port",
        "0",
        "--no-inspect",
        "--store",
        join(dir, "s.jsonl"),
        "--forward-to",
        `http://localhost:${app.port}`,
      ],
      { HOOKS_SYSTEM_ROOT: systemRoot("container"), XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir },
    );
    await running.waitForText(/Ready!/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(running.stdout)?.[1];
    for (const n of [1, 2])
      expect((await send(`http://127.0.0.1:${port}/x`, { body: `${n}` })).status).toBe(502);
    await running.waitForText(/hint hooks runs in a container/);
    await running.stop("SIGINT");
    const hints =
      running.stdout.match(/hint hooks runs in a container.*host\.docker\.internal/g) ?? [];
    expect(hints).toHaveLength(1);
  });

  it("says nothing more on the host", async () => {
    running = ListenProcess.start(
      [
        "--tunnel",
        "none",
        "--port",
        "0",
        "--no-inspect",
        "--store",
        join(dir, "s.jsonl"),
        "--forward-to",
        `http://localhost:${app.port}`,
      ],
      { HOOKS_SYSTEM_ROOT: systemRoot("host"), XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir },
    );
    await running.waitForText(/Ready!/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(running.stdout)?.[1];
    expect((await send(`http://127.0.0.1:${port}/x`, { body: "1" })).status).toBe(502);
    await running.waitForText(/<--\s+502/);
    await running.stop("SIGINT");
    expect(running.stdout).not.toMatch(/hint/);
  });
});
