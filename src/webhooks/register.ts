import type { ApiFlags } from "../config/resolve-api.js";
import { maskSecret } from "../util/secrets.js";
import { openApi, type OpenApi } from "./open-api.js";
import type { RegistryEntry } from "./registry.js";
import { allEvents, cutName, knownSecret, secretToSet } from "./run-webhooks.js";
import type { Subscription } from "./types.js";

// `hooks listen --register [<id>]`: points a subscription at the listener once the tunnel is up,
// follows the tunnel to each new URL, and on exit deletes what it created or restores the URL it
// replaced. Each step is written to the registry before the listener goes on, so a run killed at
// any point leaves a record that the next run cleans up. Nothing here stops the listener: a
// failed step is reported as an `error` registration and the listener keeps going.

export interface RegisterOptions extends ApiFlags {
  /** The subscription to re-point; without one a temporary one is created. */
  id: string | undefined;
  events: string[];
  /** Appended to the public URL: what the provider is told to call. */
  path: string;
  keep: boolean;
  /** The `--secret` of listen, where the provider lets the client choose (up42, poynt, github). */
  secret: string | undefined;
}

export interface RegistrationStatus {
  type: "registration";
  provider: string;
  id: string | null;
  url: string | null;
  status: "created" | "updated" | "restored" | "deleted" | "kept" | "error";
  message: string;
}

export interface RegistrarHooks {
  report(status: RegistrationStatus): void;
  /** A secret the listener must now check signatures with. */
  addSecret(secret: string): void;
  pid?: number;
}

export class Registrar {
  private open: OpenApi | undefined;
  private subscription: Subscription | undefined;
  private previousUrl: string | undefined;
  /** One step at a time, in order: a new URL waits for the create before it. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly options: RegisterOptions,
    private readonly hooks: RegistrarHooks,
    /** Injected for tests: the client and registry (src/webhooks/open-api.ts). */
    private readonly connect: (options: RegisterOptions) => Promise<OpenApi> = openApi,
  ) {}

  /** Opens the client and removes what crashed runs left; call before the tunnel is up. */
  start(): Promise<void> {
    return this.step(async () => {
      this.open = await this.connect(this.options);
      await this.cleanLeftovers(this.open);
    });
  }

  /** The listener's public URL is now `publicUrl` (the first one, or a new one after a restart). */
  pointAt(publicUrl: string): Promise<void> {
    const url = `${publicUrl.replace(/\/+$/, "")}${this.options.path}`;
    return this.step(async () => {
      const open = this.open;
      if (!open || this.closed || this.subscription?.url === url) return;
      if (this.subscription) await this.repoint(open, url);
      else if (this.options.id) await this.takeOver(open, this.options.id, url);
      else await this.create(open, url);
    });
  }

  /** On exit: delete the temporary subscription or give the re-pointed one its URL back. */
  close(): Promise<void> {
    return this.step(async () => {
      this.closed = true;
      const open = this.open;
      const subscription = this.subscription;
      if (!open || !subscription) return;
      const key = this.key(open, subscription.id);
      if (this.options.keep) {
        open.registry.upsert(key, (entry) => delete entry.run);
        this.say(
          "kept",
          subscription,
          `kept ${subscription.id} pointing at ${subscription.url} (--keep)`,
        );
      } else if (this.previousUrl === undefined) {
        await open.api.delete(subscription.id);
        open.registry.remove(key);
        this.say("deleted", subscription, `deleted the temporary subscription ${subscription.id}`);
      } else {
        const restored = await this.update(open, subscription.id, this.previousUrl);
        open.registry.upsert(this.key(open, restored.id), (entry) => delete entry.run);
        this.say("restored", restored, `gave ${restored.id} its URL back: ${restored.url}`);
      }
    });
  }

  private async create(open: OpenApi, url: string): Promise<void> {
    // listen's --secret is the listener's: it goes to the subscription only where the client
    // chooses the secret (for Shopify it is the app's client secret; Square and Stripe make theirs).
    const given = open.settings.spec.secretOrigin === "client" ? this.options.secret : undefined;
    const secret = await secretToSet(open, { secret: given, profile: this.options.profile });
    const events = this.options.events.length > 0 ? this.options.events : await allEvents(open);
    const host = new URL(url).host;
    const created = await open.api.create({
      url,
      events,
      name: cutName(`hooks listen ${host}`, open.settings.spec.nameLimit),
      ...(secret === undefined ? {} : { secret }),
    });
    this.subscription = created;
    open.registry.upsert(this.key(open, created.id), (entry) => {
      if (created.secret !== undefined) entry.secret = created.secret;
      entry.run = { pid: this.pid(), kind: "created", url };
    });
    this.useSecret(created.secret);
    this.say(
      "created",
      created,
      `created ${created.id} for ${url}${this.secretNote(created.secret)}`,
    );
  }

  private async takeOver(open: OpenApi, id: string, url: string): Promise<void> {
    const current = await open.api.get(id);
    this.previousUrl = current.url;
    const updated = await this.update(open, id, url);
    this.subscription = updated;
    const secret =
      updated.secret ?? current.secret ?? (await knownSecret(open, updated.id, this.options));
    open.registry.upsert(this.key(open, updated.id), (entry) => {
      if (secret !== undefined) entry.secret = secret;
      entry.run = { pid: this.pid(), kind: "repointed", url, previousUrl: current.url };
    });
    this.useSecret(secret);
    this.say(
      "updated",
      updated,
      `re-pointed ${updated.id} from ${current.url} to ${url}${this.secretNote(secret)}`,
    );
  }

  private async repoint(open: OpenApi, url: string): Promise<void> {
    const before = this.subscription as Subscription;
    const updated = await this.update(open, before.id, url);
    const secret = updated.secret ?? before.secret;
    this.subscription = secret === undefined ? updated : { ...updated, secret };
    open.registry.upsert(this.key(open, updated.id), (entry) => {
      if (entry.run) entry.run.url = url;
    });
    this.say("updated", updated, `the tunnel's URL changed: re-pointed ${updated.id} to ${url}`);
  }

  /** An update that keeps the secret (and follows Poynt's new id in the registry). */
  private async update(open: OpenApi, id: string, url: string): Promise<Subscription> {
    const secret = this.subscription?.secret ?? (await knownSecret(open, id, this.options));
    const updated = await open.api.update(id, { url, ...(secret === undefined ? {} : { secret }) });
    if (updated.id !== id) open.registry.rename(this.key(open, id), updated.id);
    return secret !== undefined && updated.secret === undefined ? { ...updated, secret } : updated;
  }

  private async cleanLeftovers(open: OpenApi): Promise<void> {
    for (const entry of open.registry.leftovers(open.settings.provider, open.scope)) {
      await this.cleanOne(open, entry).catch((error: unknown) =>
        this.fail(
          `could not clean up ${entry.id}, left by an earlier run: ${(error as Error).message}`,
        ),
      );
    }
  }

  private async cleanOne(open: OpenApi, entry: RegistryEntry): Promise<void> {
    const run = entry.run;
    if (!run) return;
    const key = this.key(open, entry.id);
    if (run.kind === "created") {
      await open.api.delete(entry.id);
      open.registry.remove(key);
      this.say(
        "deleted",
        { id: entry.id, url: run.url },
        `deleted ${entry.id}, left behind by an earlier run that did not exit (pid ${run.pid})`,
      );
      return;
    }
    const previous = run.previousUrl ?? run.url;
    const restored = await open.api.update(entry.id, {
      url: previous,
      ...(entry.secret === undefined ? {} : { secret: entry.secret }),
    });
    if (restored.id !== entry.id) open.registry.rename(key, restored.id);
    open.registry.upsert(this.key(open, restored.id), (e) => delete e.run);
    this.say(
      "restored",
      restored,
      `gave ${restored.id} its URL back (${previous}), left re-pointed by an earlier run (pid ${run.pid})`,
    );
  }

  private useSecret(secret: string | undefined): void {
    if (secret !== undefined) this.hooks.addSecret(secret);
  }

  private secretNote(secret: string | undefined): string {
    if (secret !== undefined) return `; signatures checked with ${maskSecret(secret)}`;
    const origin = this.open?.settings.spec.secretOrigin;
    return origin === "app"
      ? "; deliveries are signed with your app's client secret: pass it with --secret"
      : "; its secret is unknown to hooks: pass it with --secret to check signatures";
  }

  private step(work: () => Promise<void>): Promise<void> {
    const next = this.queue
      .then(work)
      .catch((error: unknown) => this.fail((error as Error).message));
    this.queue = next;
    return next;
  }

  private fail(message: string): void {
    this.hooks.report({
      type: "registration",
      provider: this.options.provider ?? this.open?.settings.provider ?? "unknown",
      id: this.subscription?.id ?? this.options.id ?? null,
      url: this.subscription?.url ?? null,
      status: "error",
      message: `registration failed: ${message}; still listening`,
    });
  }

  private say(
    status: RegistrationStatus["status"],
    sub: Pick<Subscription, "id" | "url">,
    message: string,
  ): void {
    this.hooks.report({
      type: "registration",
      provider: this.open?.settings.provider ?? "unknown",
      id: sub.id,
      url: sub.url,
      status,
      message,
    });
  }

  private key(open: OpenApi, id: string): Pick<RegistryEntry, "provider" | "scope" | "id"> {
    return { provider: open.settings.provider, scope: open.scope, id };
  }

  private pid(): number {
    return this.hooks.pid ?? process.pid;
  }
}
