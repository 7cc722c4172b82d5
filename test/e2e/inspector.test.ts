import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

let dir: string;
let store: string;
const running: ListenProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-inspect-e2e-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  for (const proc of running.splice(0)) await proc.stop("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

const isolated = () => ({ XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir });

function listen(args: string[]): ListenProcess {
  const proc = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--store", store, ...args],
    isolated(),
  );
  running.push(proc);
  return proc;
}

describe("hooks listen's inspector", () => {
  it("puts its address in the ready line and serves the page there, to local names only", async () => {
    const ready = await listen(["--json", "--inspect-port", "0"]).ready();
    const url = ready.inspectUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await send(`${url}/`, { method: "GET" });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain("hooks inspector");
    expect(
      (await send(`${url}/`, { method: "GET", headers: { host: "attacker.example" } })).status,
    ).toBe(403);
    expect((await send(`${url}/api/history`, { method: "GET" })).status).toBe(403);
  });

  it("prints the address for people, and is off with --no-inspect", async () => {
    const human = listen(["--inspect-port", "0"]);
    await human.waitForText(/inspect\s+http:\/\/127\.0\.0\.1:\d+/);
    const off = await listen(["--json", "--no-inspect"]).ready();
    expect(off.inspectUrl).toBeNull();
  });

  it("says which flag to use when the port asked for is taken, and exits 2", async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const result = await runCli(
        [
          "listen",
          "--tunnel",
          "none",
          "--port",
          "0",
          "--store",
          store,
          "--inspect-port",
          String(port),
        ],
        { env: isolated() },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`inspector port ${port} .*already in use.*--inspect-port.*--no-inspect`),
      );
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    } finally {
      busy.close();
    }
  });
});
