import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCapturedRequest } from "../../src/signing/captured-request.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const linux = process.platform === "linux";
let dir: string;
let store: string;
let running: ListenProcess | undefined;
let children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-hostile-store-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  children = [];
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[], storePath = store): ListenProcess {
  running = ListenProcess.start(
    ["--tunnel", "none", "--no-inspect", "--port", "0", "--store", storePath, ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
  );
  return running;
}

/** Resolves with the exit code, or with "running" if the process is still up after `ms`. */
function exitWithin(proc: ListenProcess, ms: number): Promise<number | null | "running"> {
  return Promise.race([
    proc.exited,
    new Promise<"running">((resolve) => setTimeout(() => resolve("running"), ms).unref()),
  ]);
}

describe("item 1: lines queued together past V8's longest string do not end the listener", () => {
  // Four bodies of 24 MiB of control characters finishing in the same turn: JSON escapes each byte
  // to six characters, so their lines add up to 576 M characters, past V8's ~536 M. The listener
  // is stopped (SIGSTOP) while the last byte of each goes out, so that it reads all four in one
  // turn; /proc/<pid>/io says when it has read everything before that byte.
  it.runIf(linux)(
    "stays up, answers all four 200 and stores all four",
    async () => {
      const size = 24 * 1024 * 1024;
      const count = 4;
      const child = spawnCli(
        ["listen", "--tunnel", "none", "--no-inspect", "--port", "0", "--store", store],
        { env: { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir } },
      );
      children.push(child);
      // Human output: with --json, stdout would carry each 144 MB line back to this process.
      let head = "";
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout?.on("data", (chunk: Buffer) => {
          if (head.length > 10_000) return;
          head += chunk.toString();
          const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(head);
          if (found) resolve(Number(found[1]));
        });
        child.on("close", () => reject(new Error(`exited before ready: ${head}`)));
      });
      const readBytes = (): number =>
        Number(/rchar: (\d+)/.exec(readFileSync(`/proc/${child.pid}/io`, "utf8"))?.[1]);
      const before = readBytes();
      const body = Buffer.alloc(size, 0x01);
      const sockets: Socket[] = [];
      const answers = Array.from(
        { length: count },
        () =>
          new Promise<string>((resolve) => {
            const socket = connect(port, "127.0.0.1");
            sockets.push(socket);
            let answer = "";
            socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
            socket.on("error", () => resolve(answer || "reset"));
            socket.on("close", () => resolve(answer.split("\r\n")[0] || "closed"));
            socket.write(
              `POST /flood HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
            );
            socket.write(body.subarray(0, size - 1));
          }),
      );
      while (readBytes() - before < count * (size - 1)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      process.kill(child.pid as number, "SIGSTOP");
      await Promise.all(
        sockets.map(
          (socket) => new Promise((resolve) => socket.write(body.subarray(size - 1), resolve)),
        ),
      );
      process.kill(child.pid as number, "SIGCONT");
      const statuses = await Promise.all(answers);
      expect(child.exitCode).toBeNull();
      expect(statuses).toEqual(Array(count).fill("HTTP/1.1 200 OK"));
      // Still answering, then stopped cleanly.
      expect((await send(`http://127.0.0.1:${port}/after`, { body: "{}" })).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      // Every answered request is in the store, whole and byte-exact. Such a body is kept as
      // base64 (escaped, each line would be 144 M characters); the bounded writes of
      // EventStore.flush are what keep lines of any length from joining past V8's limit.
      const lines = (await readFile(store, "utf8")).split("\n").filter(Boolean);
      expect(lines).toHaveLength(count + 1);
      for (const line of lines.slice(0, count)) {
        const record = JSON.parse(line) as { body: string; bodyEncoding: string };
        expect(record.bodyEncoding).toBe("base64");
        expect(Buffer.from(record.body, "base64").equals(body)).toBe(true);
      }
    },
    60_000,
  );
});

describe("item 6: a request the store fails to keep is reported in --json and counted", () => {
  // /dev/full opens for anyone and fails every write with ENOSPC: a full disk, as any user.
  it.runIf(existsSync("/dev/full"))(
    "prints a request line with stored:false and why, and the summary counts it",
    async () => {
      const proc = listen(["--json"], "/dev/full");
      const { port } = await proc.ready();
      for (let i = 0; i < 3; i += 1) {
        const reply = await send(`http://127.0.0.1:${String(port)}/full`, { body: `{"n":${i}}` });
        expect(reply.status).toBe(500);
      }
      await proc.waitFor((line) => line.type === "request" && line.path === "/full", 5_000);
      expect(await proc.stop()).toBe(0);
      const requests = proc.lines.filter((line) => line.type === "request");
      expect(requests).toHaveLength(3);
      for (const line of requests) {
        expect(line).toMatchObject({
          stored: false,
          storeError: expect.stringContaining("no space left") as unknown,
          response: { status: 500 },
        });
      }
      expect(proc.lines.find((line) => line.type === "summary")).toMatchObject({
        requests: 3,
        notStored: 3,
      });
    },
  );
});

describe("item 8: --expect exits 1 as soon as a signature is not valid", () => {
  it("without --timeout, on the first invalid one", async () => {
    const proc = listen(["--json", "--secret", SECRET, "--provider", "standard", "--expect", "3"]);
    const { port } = await proc.ready();
    const reply = await send(`http://127.0.0.1:${String(port)}/x`, {
      headers: {
        "content-type": "application/json",
        "webhook-id": "msg_bad",
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      },
      body: "{}",
    });
    expect(reply.status).toBe(200);
    expect(await exitWithin(proc, 5_000)).toBe(1);
    expect(proc.lines.find((line) => line.type === "summary")).toMatchObject({
      reason: "expect",
      met: false,
      requests: 1,
    });
    expect(proc.stderr).toContain("1 of 1 request(s) had no valid signature");
  });
});

describe("item 9: the store is owner-only, and hooks doctor checks it", () => {
  it.runIf(process.platform !== "win32")(
    "an existing 0644 store becomes 0600 on open",
    async () => {
      await writeFile(store, "");
      await chmod(store, 0o644);
      const proc = listen(["--json"]);
      await proc.ready();
      expect((await stat(store)).mode & 0o777).toBe(0o600);
      await proc.stop();
      const nested = join(dir, "made", "by", "hooks", "events.jsonl");
      const second = listen(["--json"], nested);
      await second.ready();
      expect((await stat(join(dir, "made"))).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, "made", "by", "hooks"))).mode & 0o777).toBe(0o700);
      expect((await stat(nested)).mode & 0o777).toBe(0o600);
    },
  );

  it.runIf(process.platform !== "win32")(
    "hooks doctor fails on a store others can read",
    async () => {
      const state = join(dir, "state");
      await mkdir(join(state, "hooks"), { recursive: true });
      const path = join(state, "hooks", "events.jsonl");
      await writeFile(path, "");
      await chmod(path, 0o644);
      const result = await runCli(["doctor", "--json"], {
        env: { XDG_STATE_HOME: state, HOOKS_CONFIG_DIR: join(dir, "cfg") },
      });
      const report = JSON.parse(result.stdout) as {
        checks: { name: string; status: string; fix?: string }[];
      };
      expect(report.checks.find((check) => check.name === "store")).toMatchObject({
        status: "fail",
        fix: `chmod 600 ${path} (hooks listen also does on its next start)`,
      });
      expect(result.code).toBe(1);
    },
  );
});

describe("item 11: a store path under /proc is refused at once, not spun on", () => {
  it.runIf(existsSync("/proc/self"))("exits 2 with one line naming the path", async () => {
    const proc = listen(["--json"], "/proc/nope/x.jsonl");
    const code = await exitWithin(proc, 5_000);
    if (code === "running") await proc.stop("SIGKILL");
    expect(code).toBe(2);
    expect(proc.stderr.trim()).toBe(
      "hooks: cannot open the store /proc/nope/x.jsonl: the file system refuses to create /proc/nope; pass --store <file> somewhere writable",
    );
  });
});

describe("item 12: header bytes over 0x7f are stored byte-exact", () => {
  let target: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
    target = undefined;
  });

  it("keeps UTF-8 as text and other bytes as base64, and replay and verify use the bytes", async () => {
    const proc = listen(["--json"]);
    const { port } = await proc.ready();
    const raw = Buffer.concat([
      Buffer.from("POST /h HTTP/1.1\r\nHost: x\r\nX-Name: caf"),
      Buffer.from("é", "utf8"),
      Buffer.from(
        "\r\nX-Raw: \xff\xfe\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        "latin1",
      ),
    ]);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.end(raw));
      socket.on("data", () => {});
      socket.on("close", () => resolve());
    });
    const line = await proc.waitFor((l) => l.type === "request" && l.path === "/h");
    expect(line.headers).toMatchObject({ "x-name": "café", "x-raw": "//4=" });
    expect(line.headerEncodings).toEqual({ "x-name": "utf8", "x-raw": "base64" });
    await proc.stop();

    // Replay sends the bytes that arrived.
    let received: Record<string, string | undefined> = {};
    target = createServer((req, res) => {
      received = { name: req.headers["x-name"] as string, raw: req.headers["x-raw"] as string };
      res.end();
    });
    await new Promise<void>((resolve) => target?.listen(0, "127.0.0.1", resolve));
    const to = `http://127.0.0.1:${String((target.address() as { port: number }).port)}/`;
    const replay = await runCli([
      "events",
      "replay",
      String(line.id),
      "--store",
      store,
      "--to",
      to,
    ]);
    expect(replay.code).toBe(0);
    expect(Buffer.from(received.name ?? "", "latin1")).toEqual(Buffer.from("café", "utf8"));
    expect(Buffer.from(received.raw ?? "", "latin1")).toEqual(Buffer.from([0xff, 0xfe]));

    // `hooks verify --request` reads the same bytes back.
    const file = join(dir, "request.json");
    await writeFile(file, JSON.stringify(line));
    const captured = await readCapturedRequest(file);
    expect(Buffer.from(captured.headers["x-name"] ?? "", "latin1")).toEqual(
      Buffer.from("café", "utf8"),
    );
    expect(Buffer.from(captured.headers["x-raw"] ?? "", "latin1")).toEqual(
      Buffer.from([0xff, 0xfe]),
    );
  });
});
