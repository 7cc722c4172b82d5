import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getProvider } from "../../src/providers/index.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { FAKE_CLOUDFLARED } from "../tunnel/fake.js";

let dir: string;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-tunnel-e2e-"));
});
afterEach(async () => {
  // SIGTERM, so that hooks stops its cloudflared: a SIGKILL would orphan the fake tunnel process.
  await running?.stop("SIGTERM");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** `hooks listen --json --port 0` with a cloudflared tunnel, cloudflared being the fake. */
function listen(args: string[], env: Record<string, string | undefined>): ListenProcess {
  running = ListenProcess.start(
    ["--json", "--port", "0", "--store", join(dir, "events.jsonl"), ...args],
    {
      XDG_CONFIG_HOME: dir,
      FAKE_CLOUDFLARED_LOG: join(dir, "fake.log"),
      ...env,
    },
  );
  return running;
}

describe("hooks listen with a cloudflared quick tunnel", () => {
  it("is ready once the tunnel is up, checks Square against the public URL, and stops cloudflared on exit", async () => {
    const proc = listen(["--provider", "square", "--secret", "sq-key"], {
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
    });
    const ready = await proc.ready();
    const publicUrl = String(ready.publicUrl);
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proc.lines[0]).toMatchObject({ type: "tunnel", status: "up", publicUrl });

    const body = '{"type":"payment.created","event_id":"ev_1"}';
    const headers = getProvider("square").sign({
      body: Buffer.from(body),
      secret: "sq-key",
      url: `${publicUrl}/square?x=1`,
    });
    expect((await send(`${publicUrl}/square?x=1`, { headers, body })).status).toBe(200);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      url: `${publicUrl}/square?x=1`,
      provider: "square",
      signature: { status: "valid" },
    });
    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(await readFile(join(dir, "fake.log"), "utf8")).toMatch(/signal SIGINT/);
  });

  it("says what to do when cloudflared is missing, and keeps listening locally", async () => {
    const proc = listen([], { CLOUDFLARED_BIN: undefined, PATH: dirname(process.execPath) });
    const ready = await proc.ready();
    expect(ready.publicUrl).toBeNull();
    const tunnel = proc.lines.find((l) => l.type === "tunnel");
    expect(tunnel).toMatchObject({ status: "error", publicUrl: null });
    expect(String(tunnel?.message)).toMatch(
      /cloudflared binary not found .*; npm skips the cloudflared package's own download\): run `hooks tunnel install`, or pass --tunnel none/,
    );
    expect((await send(String(ready.localUrl), { body: "local" })).status).toBe(200);
  });

  it("restarts a dropped tunnel and announces the new URL", async () => {
    const proc = listen([], {
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
      FAKE_CLOUDFLARED_MODE: "drop",
      FAKE_CLOUDFLARED_DROP_MS: "200",
      FAKE_CLOUDFLARED_STATE: join(dir, "runs"),
    });
    const ready = await proc.ready();
    const down = await proc.waitFor((l) => l.type === "tunnel" && l.status === "down");
    expect(String(down.message)).toMatch(
      /tunnel down: cloudflared exited \(code 1\).*restarting in 1 s/,
    );
    const up = await proc.waitFor(
      (l) => l.type === "tunnel" && l.status === "up" && l.publicUrl !== ready.publicUrl,
    );
    expect(String(up.message)).toMatch(/NEW public URL .*update the webhook URL/);
    expect((await send(`${String(up.publicUrl)}/after`, { body: "x" })).status).toBe(200);
  });

  it("skips the tunnel when --public-url is given", async () => {
    const proc = listen(["--public-url", "https://hooks.example.com"], {
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
    });
    const ready = await proc.ready();
    expect(ready.publicUrl).toBe("https://hooks.example.com");
    expect(proc.lines.some((l) => l.type === "tunnel")).toBe(false);
  });
});
