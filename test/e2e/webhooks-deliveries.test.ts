import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { GITHUB_FAKE_TOKEN, startGithubFake } from "../fixtures/fake-apis/github.js";
import { ListenProcess } from "../listener/listen-process.js";

// `hooks webhooks deliveries --missing` and `redeliver --missing` against the fake GitHub API:
// what GitHub sent while the listener was down is told apart from what reached the store, by
// X-GitHub-Delivery, and GitHub is asked to send just those again.

let dir: string;
let github: Awaited<ReturnType<typeof startGithubFake>>;
let proc: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-deliveries-"));
  github = await startGithubFake({ requireHttps: false });
});
afterEach(async () => {
  await proc?.stop("SIGTERM");
  proc = undefined;
  await github.close();
  await rm(dir, { recursive: true, force: true });
});

const store = (): string => join(dir, "events.jsonl");

function hooks(args: string[]) {
  return runCli(
    [...args, "--provider", "github", "--repo", "octo/hello", "--api-url", github.url],
    { env: { XDG_STATE_HOME: dir, GITHUB_TOKEN: GITHUB_FAKE_TOKEN } },
  );
}

async function startListener(port: string): Promise<ListenProcess> {
  proc = ListenProcess.start(
    [
      "--json",
      "--port",
      port,
      "--no-inspect",
      "--tunnel",
      "none",
      "--store",
      store(),
      "--secret",
      "gh-secret",
    ],
    {
      XDG_STATE_HOME: dir,
    },
  );
  await proc.ready();
  return proc;
}

describe("hooks webhooks deliveries and redeliver with GitHub", () => {
  it("lists what GitHub sent, finds what never arrived, and has it sent again", async () => {
    const first = await startListener("0");
    const port = new URL(String(first.lines[0]?.localUrl)).port;
    const created = await hooks([
      "webhooks",
      "create",
      `http://127.0.0.1:${port}/gh`,
      "--event",
      "push",
      "--secret",
      "gh-secret",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = String((JSON.parse(created.stdout) as { id: number }).id);
    await github.state.deliverEvent(id, "push", { ref: "refs/heads/main" });
    await github.state.settled();
    await first.waitFor(
      (l) =>
        l.type === "request" && (l.headers as Record<string, string>)["x-github-event"] === "push",
    );
    await first.stop("SIGTERM");
    proc = undefined;

    // The listener is down: GitHub cannot connect.
    const lost = await github.state.deliverEvent(id, "push", { ref: "refs/heads/lost" });
    await github.state.settled();

    const all = await hooks(["webhooks", "deliveries", id, "--json"]);
    expect(all.code, all.stderr).toBe(0);
    const log = JSON.parse(all.stdout) as { eventId: string; ok: boolean; event: string }[];
    expect(log.filter((d) => d.event === "push")).toHaveLength(2);

    const missing = await hooks([
      "webhooks",
      "deliveries",
      id,
      "--missing",
      "--store",
      store(),
      "--json",
    ]);
    expect(missing.code, missing.stderr).toBe(0);
    const report = JSON.parse(missing.stdout) as {
      deliveries: { eventId: string; ok: boolean }[];
      missing: number;
    };
    expect(report.deliveries.map((d) => d.eventId)).toEqual([lost.guid]);
    expect(report.deliveries[0]?.ok).toBe(false);

    const people = await hooks(["webhooks", "deliveries", id, "--missing", "--store", store()]);
    expect(people.stderr).toMatch(/2 arrived in .*events\.jsonl, 1 never did/);

    const back = await startListener(port);
    const redelivered = await hooks([
      "webhooks",
      "redeliver",
      id,
      "--missing",
      "--store",
      store(),
      "--json",
    ]);
    expect(redelivered.code, redelivered.stderr).toBe(0);
    expect(JSON.parse(redelivered.stdout)).toEqual([expect.objectContaining({ ok: true })]);
    await github.state.settled();
    const again = await back.waitFor((l) => l.type === "request");
    expect((again.headers as Record<string, string>)["x-github-delivery"]).toBe(lost.guid);
    expect(again).toMatchObject({ provider: "github", signature: { status: "valid" } });

    const none = await hooks([
      "webhooks",
      "deliveries",
      id,
      "--missing",
      "--store",
      store(),
      "--json",
    ]);
    expect((JSON.parse(none.stdout) as { deliveries: unknown[] }).deliveries).toEqual([]);
  });

  it("needs ids or --missing, not both and not neither", async () => {
    const neither = await hooks(["webhooks", "redeliver", "1"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/which deliveries\? give their ids .* or --missing/);
    const both = await hooks(["webhooks", "redeliver", "1", "42", "--missing"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give delivery ids or --missing, not both/);
    const since = await hooks(["webhooks", "deliveries", "1", "--since", "yesterday"]);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(
      /invalid --since "yesterday": give an ISO time .* or a duration such as 90s, 10m, 2h or 3d/,
    );
  });
});
