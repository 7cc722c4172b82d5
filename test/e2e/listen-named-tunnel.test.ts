import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getProvider } from "../../src/providers/index.js";
import { maskSecret } from "../../src/util/secrets.js";
import { startSquareFake, SQUARE_FAKE_TOKEN } from "../fixtures/fake-apis/square.js";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { FAKE_CLOUDFLARED, freePort, tunnelToken } from "../tunnel/fake.js";

let dir: string;
let running: ListenProcess | undefined;
/** hooks' port, and the public hostname's stand-in (the fake's proxy port). */
let port: number;
let publicUrl: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-named-e2e-"));
  port = await freePort();
  publicUrl = `http://127.0.0.1:${await freePort()}`;
});
afterEach(async () => {
  // SIGTERM, so that hooks stops its cloudflared: a SIGKILL would orphan the fake.
  await running?.stop("SIGTERM");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

/**
 * The fake's setup at "Cloudflare": the tunnel's public hostname routed to hooks' port, as the
 * README's dashboard steps set it up.
 */
function cloudflare(): Record<string, string> {
  return {
    CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
    FAKE_CLOUDFLARED_INGRESS: `http://localhost:${port}`,
    FAKE_CLOUDFLARED_PUBLIC_PORT: new URL(publicUrl).port,
    FAKE_CLOUDFLARED_LOG: join(dir, "fake.log"),
    FAKE_CLOUDFLARED_ENV: join(dir, "fake-env.json"),
    HOOKS_CONFIG_DIR: join(dir, "config"),
  };
}

function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  running = ListenProcess.start(
    ["--json", "--port", String(port), "--store", join(dir, "events.jsonl"), ...args],
    { ...cloudflare(), ...env },
  );
  return running;
}

function expectNowhere(token: string, ...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(token);
    // Not even a long piece of it (the JSON inside the base64 starts the same for every token).
    expect(text).not.toContain(token.slice(20, 60));
  }
}

describe("hooks listen --tunnel-token (a cloudflared named tunnel)", () => {
  it("is ready with --public-url once connected, takes a delivery through it, and never shows the token", async () => {
    const { token } = tunnelToken();
    const proc = listen(["--provider", "square", "--secret", "sq-key", "--public-url", publicUrl], {
      CLOUDFLARED_TOKEN: token,
    });
    const ready = await proc.ready();
    expect(ready.publicUrl).toBe(publicUrl);
    expect(proc.lines[0]).toMatchObject({ type: "tunnel", status: "up", publicUrl });
    expect(String(proc.lines[0]?.message)).toMatch(/named tunnel: the URL stays/);

    const url = `${publicUrl}/square`;
    const body = '{"type":"payment.created","event_id":"ev_named"}';
    const headers = getProvider("square").sign({ body: Buffer.from(body), secret: "sq-key", url });
    expect((await send(url, { headers, body })).status).toBe(200);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({ url, signature: { status: "valid" } });
    expect((line.headers as Record<string, string>)["cf-connecting-ip"]).toBe("203.0.113.7");

    expect(await proc.stop("SIGTERM")).toBe(0);
    const fakeLog = await readFile(join(dir, "fake.log"), "utf8");
    expect(fakeLog).toMatch(/argv=\["tunnel","--no-autoupdate","--grace-period","1s","run"\]/);
    expect(fakeLog).toMatch(/signal SIGINT/);
    const env = JSON.parse(await readFile(join(dir, "fake-env.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(env.TUNNEL_TOKEN).toBe(token);
    expect(env.CLOUDFLARED_TOKEN).toBeUndefined();
    expectNowhere(token, proc.stdout, proc.stderr, fakeLog);
  });

  it("keeps the same URL when the tunnel restarts: no URL-changed notice", async () => {
    const { token } = tunnelToken();
    const proc = listen(["--tunnel-token", token, "--public-url", publicUrl], {
      FAKE_CLOUDFLARED_MODE: "drop",
      FAKE_CLOUDFLARED_DROP_MS: "200",
      FAKE_CLOUDFLARED_STATE: join(dir, "runs"),
    });
    await proc.ready();
    const down = await proc.waitFor((l) => l.type === "tunnel" && l.status === "down");
    expect(String(down.message)).toMatch(/tunnel down: cloudflared exited \(code 1\)/);
    const downAt = proc.lines.indexOf(down);
    const up = await proc.waitFor(
      (l) => l.type === "tunnel" && l.status === "up" && proc.lines.indexOf(l) > downAt,
    );
    expect(up.publicUrl).toBe(publicUrl);
    expect(up.previousUrl).toBeUndefined();
    expect(String(up.message)).not.toMatch(/NEW public URL/);
    expect((await send(`${publicUrl}/after`, { body: "x" })).status).toBe(200);
    await proc.waitFor((l) => l.type === "request" && l.path === "/after");
    expectNowhere(token, proc.stdout, proc.stderr);
  });

  it("says why when Cloudflare refuses the token, and keeps listening locally", async () => {
    const { token } = tunnelToken();
    const proc = listen(["--tunnel-token", token, "--public-url", publicUrl], {
      FAKE_CLOUDFLARED_EDGE_KNOWS: tunnelToken().secret,
    });
    const ready = await proc.ready();
    expect(ready.publicUrl).toBeNull();
    const error = proc.lines.find((l) => l.type === "tunnel" && l.status === "error");
    expect(String(error?.message)).toMatch(
      /Cloudflare refused the tunnel token: Unauthorized: Invalid tunnel secret .*still listening locally at http:\/\/127\.0\.0\.1:\d+, retrying in 1 s/,
    );
    expect((await send(String(ready.localUrl), { body: "local" })).status).toBe(200);
    expectNowhere(token, proc.stdout, proc.stderr);
  });

  it("needs --public-url, and refuses what is no tunnel token, without echoing it (exit 2)", async () => {
    const { token } = tunnelToken();
    const noUrl = await runCli(["listen", "--port", String(port)], {
      env: { ...cloudflare(), CLOUDFLARED_TOKEN: token },
    });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(
      /a tunnel token \(from CLOUDFLARED_TOKEN\) needs --public-url: the public hostname/,
    );
    const pasted = `cloudflared service install ${token}`;
    const bad = await runCli(["listen", "--tunnel-token", pasted, "--public-url", publicUrl], {
      env: cloudflare(),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --tunnel-token: it has spaces; pass only the token/);
    const cut = await runCli(
      ["listen", "--tunnel-token", token.slice(0, 50), "--public-url", publicUrl],
      {
        env: cloudflare(),
      },
    );
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/invalid --tunnel-token: not a cloudflared tunnel token/);
    expectNowhere(token, noUrl.stdout, noUrl.stderr, bad.stderr, cut.stderr);
  });

  // Several runs of the binary each: time for a loaded machine.
  it(
    "saves the token from stdin, and config and doctor show it masked",
    { timeout: 60_000 },
    async () => {
      const { token } = tunnelToken();
      const env = cloudflare();
      const set = await runCli(["config", "set", "tunnelToken", "-"], { env, input: `${token}\n` });
      expect(set.code).toBe(0);
      expect((await runCli(["config", "set", "publicUrl", publicUrl], { env })).code).toBe(0);
      const list = await runCli(["config", "list"], { env });
      const json = await runCli(["config", "list", "--json"], { env });
      const get = await runCli(["config", "get", "tunnel-token"], { env });
      expect(get.stdout.trim()).toBe(maskSecret(token));
      expect(list.stdout).toContain(maskSecret(token));
      const doctor = await runCli(["doctor", "--json"], { env });
      expect(doctor.stdout).toContain(`named tunnel token ${maskSecret(token)} (from profile`);
      const texts = [set, list, json, get, doctor].flatMap((r) => [r.stdout, r.stderr]);
      expectNowhere(token, ...texts);
    },
  );

  it("runs the named tunnel saved in the profile", async () => {
    const { token } = tunnelToken();
    const env = cloudflare();
    await runCli(["config", "set", "tunnelToken", token], { env });
    await runCli(["config", "set", "publicUrl", publicUrl], { env });
    const proc = listen([]);
    const ready = await proc.ready();
    expect(ready.publicUrl).toBe(publicUrl);
    expect((await send(`${publicUrl}/p`, { body: "x" })).status).toBe(200);
    expectNowhere(token, proc.stdout, proc.stderr);
  });

  it(
    "with --register, leaves the subscription alone when the tunnel restarts: its URL is the same",
    { timeout: 60_000 },
    async () => {
      const square = await startSquareFake({ requireHttps: false });
      try {
        const { token } = tunnelToken();
        const proc = listen(
          ["--tunnel-token", token, "--public-url", publicUrl, "--no-inspect"].concat(
            ["--provider", "square", "--api-url", square.url, "--register"],
            ["--event", "payment.created"],
          ),
          {
            SQUARE_ACCESS_TOKEN: SQUARE_FAKE_TOKEN,
            XDG_STATE_HOME: dir,
            FAKE_CLOUDFLARED_MODE: "drop",
            FAKE_CLOUDFLARED_DROP_MS: "1000",
            FAKE_CLOUDFLARED_STATE: join(dir, "runs"),
          },
        );
        await proc.waitFor((l) => l.type === "registration" && l.status === "created", 20_000);
        const [subscription] = [...square.state.subscriptions.values()];
        expect(subscription?.notification_url).toBe(`${publicUrl}/webhooks`);
        const down = await proc.waitFor((l) => l.type === "tunnel" && l.status === "down", 20_000);
        const downAt = proc.lines.indexOf(down);
        await proc.waitFor(
          (l) => l.type === "tunnel" && l.status === "up" && proc.lines.indexOf(l) > downAt,
          20_000,
        );
        // Square signs the URL it was given, which still reaches the listener after the restart.
        expect(
          (await square.state.notify(String(subscription?.id), "payment.created")).status,
        ).toBe(200);
        const request = await proc.waitFor((l) => l.type === "request");
        expect(request).toMatchObject({ provider: "square", signature: { status: "valid" } });
        const registrations = proc.lines.filter((l) => l.type === "registration");
        expect(registrations.map((l) => l.status)).toEqual(["created"]);
        expect(square.state.subscriptions.size).toBe(1);
        expect(await proc.stop("SIGTERM")).toBe(0);
        expect(square.state.subscriptions.size).toBe(0);
      } finally {
        await square.close();
      }
    },
  );
});
