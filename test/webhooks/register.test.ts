import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_SPECS } from "../../src/webhooks/api-table.js";
import type { OpenApi } from "../../src/webhooks/open-api.js";
import {
  Registrar,
  type RegisterOptions,
  type RegistrationStatus,
} from "../../src/webhooks/register.js";
import { Registry } from "../../src/webhooks/registry.js";
import type {
  ApiProviderId,
  Subscription,
  UpdateInput,
  WebhookApi,
} from "../../src/webhooks/types.js";

// The registrar's lifecycle against an in-memory provider (each real client is tested against
// its fake API in test/webhooks/<id>-api.test.ts, and the whole run end to end in
// test/e2e/listen-register.test.ts). The memory API keeps what a provider would: ids, URLs,
// secrets, and re-creates on update like Poynt when asked to.

class MemoryApi implements WebhookApi {
  readonly subs = new Map<string, Subscription>();
  readonly calls: string[] = [];
  private next = 1;
  failNext: string | undefined;
  constructor(
    readonly provider: ApiProviderId,
    private readonly recreateOnUpdate = false,
  ) {}
  private check(op: string): void {
    this.calls.push(op);
    if (this.failNext === op) {
      this.failNext = undefined;
      throw new Error(`${op} refused`);
    }
  }
  list = async (): Promise<Subscription[]> => [...this.subs.values()];
  events = async () => [{ name: "a.b", description: null }];
  get = async (id: string): Promise<Subscription> => {
    this.check("get");
    const sub = this.subs.get(id);
    if (!sub) throw new Error(`no ${id}`);
    return { ...sub };
  };
  create = async (input: { url: string; events: string[]; name: string; secret?: string }) => {
    this.check("create");
    const sub: Subscription = {
      id: `wh_${this.next++}`,
      url: input.url,
      events: input.events,
      enabled: true,
      createdAt: null,
      provider: this.provider,
      name: input.name,
      secret: input.secret ?? `made-by-provider-${this.next}`,
    };
    this.subs.set(sub.id, sub);
    return { ...sub };
  };
  update = async (id: string, input: UpdateInput): Promise<Subscription> => {
    this.check("update");
    const sub = this.subs.get(id);
    if (!sub) throw new Error(`no ${id}`);
    const changed = { ...sub, ...(input.url ? { url: input.url } : {}) };
    if (this.recreateOnUpdate) {
      this.subs.delete(id);
      changed.id = `wh_${this.next++}`;
    }
    this.subs.set(changed.id, changed);
    const { secret: _secret, ...withoutSecret } = changed;
    return withoutSecret;
  };
  delete = async (id: string): Promise<void> => {
    this.check("delete");
    if (!this.subs.delete(id)) throw new Error(`no ${id}`);
  };
}

let dir: string;
let registry: Registry;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-register-"));
  registry = new Registry(join(dir, "webhooks.json"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function setup(api: MemoryApi, options: Partial<RegisterOptions> = {}, pid = process.pid) {
  const reports: RegistrationStatus[] = [];
  const secrets: string[] = [];
  const open: OpenApi = {
    api,
    registry,
    scope: "test",
    settings: {
      provider: api.provider,
      spec: API_SPECS[api.provider],
      credentials: {},
      target: {},
      apiUrl: undefined,
      environment: "sandbox",
      live: false,
      profile: "default",
    },
  };
  const registrar = new Registrar(
    {
      id: undefined,
      events: ["a.b"],
      path: "/webhooks",
      keep: false,
      secret: undefined,
      ...options,
    },
    { report: (s) => reports.push(s), addSecret: (s) => secrets.push(s), pid },
    async () => open,
  );
  return { registrar, reports, secrets };
}

describe("listen --register's registrar", () => {
  it("creates a temporary subscription, follows the tunnel, and deletes it on exit", async () => {
    const api = new MemoryApi("square");
    const { registrar, reports, secrets } = setup(api);
    await registrar.start();
    await registrar.pointAt("https://one.example/");
    const [created] = [...api.subs.values()];
    expect(created?.url).toBe("https://one.example/webhooks");
    expect(created?.name).toBe("hooks listen one.example");
    expect(secrets).toEqual([created?.secret]);
    expect(registry.all()[0]).toMatchObject({ id: created?.id, run: { kind: "created" } });

    await registrar.pointAt("https://two.example");
    expect(api.subs.get(created?.id ?? "")?.url).toBe("https://two.example/webhooks");
    await registrar.close();
    expect(api.subs.size).toBe(0);
    expect(registry.all()).toEqual([]);
    expect(reports.map((r) => r.status)).toEqual(["created", "updated", "deleted"]);
  });

  it("re-points a given subscription and gives it its old URL back, keeping its secret", async () => {
    const api = new MemoryApi("up42");
    const existing = await api.create({
      url: "https://prod.example/hook",
      events: ["a.b"],
      name: "prod",
      secret: "s3cret-of-prod",
    });
    const { registrar, secrets } = setup(api, { id: existing.id, secret: "s3cret-of-prod" });
    await registrar.start();
    await registrar.pointAt("https://tunnel.example");
    expect(api.subs.get(existing.id)?.url).toBe("https://tunnel.example/webhooks");
    expect(secrets).toEqual(["s3cret-of-prod"]);
    await registrar.close();
    expect(api.subs.get(existing.id)?.url).toBe("https://prod.example/hook");
    expect(registry.all()[0]?.run).toBeUndefined();
  });

  it("leaves the subscription with --keep", async () => {
    const api = new MemoryApi("square");
    const { registrar, reports } = setup(api, { keep: true });
    await registrar.start();
    await registrar.pointAt("https://one.example");
    await registrar.close();
    expect(api.subs.size).toBe(1);
    expect(reports.at(-1)?.status).toBe("kept");
  });

  it("removes what a crashed run left behind before registering again", async () => {
    const api = new MemoryApi("square");
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    const first = setup(api, {}, dead);
    await first.registrar.start();
    await first.registrar.pointAt("https://crashed.example");
    const [leftover] = [...api.subs.keys()];
    // The first run never closes: it was killed.
    const second = setup(api);
    await second.registrar.start();
    expect(api.subs.has(leftover ?? "")).toBe(false);
    expect(second.reports[0]).toMatchObject({ status: "deleted", id: leftover });
    await second.registrar.pointAt("https://fresh.example");
    expect([...api.subs.values()].map((s) => s.url)).toEqual(["https://fresh.example/webhooks"]);
    await second.registrar.close();
  });

  it("follows a provider that re-creates on update (Poynt) to its new id", async () => {
    const api = new MemoryApi("poynt", true);
    const { registrar } = setup(api, { secret: "chosen" });
    await registrar.start();
    await registrar.pointAt("https://one.example");
    await registrar.pointAt("https://two.example");
    const [only] = [...api.subs.values()];
    expect(only?.url).toBe("https://two.example/webhooks");
    expect(registry.all().map((e) => e.id)).toEqual([only?.id]);
    await registrar.close();
    expect(api.subs.size).toBe(0);
  });

  it("reports a failed step and goes on", async () => {
    const api = new MemoryApi("square");
    api.failNext = "create";
    const { registrar, reports } = setup(api);
    await registrar.start();
    await registrar.pointAt("https://one.example");
    expect(reports[0]).toMatchObject({ status: "error" });
    expect(reports[0]?.message).toMatch(/registration failed: create refused; still listening/);
    await registrar.pointAt("https://two.example");
    expect([...api.subs.values()].map((s) => s.url)).toEqual(["https://two.example/webhooks"]);
    await registrar.close();
  });
});
