import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { fileError } from "../util/file-error.js";
import type { ApiProviderId } from "./types.js";

// What hooks did at providers, kept in the state directory beside the capture store (owner-only,
// since it holds secrets): the secret of each subscription hooks created (Stripe shows its
// `whsec_` only once, GitHub and Poynt never give theirs back), and each subscription a
// `hooks listen --register` run created or re-pointed, with the run's pid, so that the next run
// removes what a crashed one left behind.

const STATE_FIX = "point XDG_STATE_HOME at a directory you can write to";

export interface RegistryEntry {
  provider: ApiProviderId;
  id: string;
  /** Where the subscription lives: repo, org, shop, business, API host, environment. */
  scope: string;
  secret?: string;
  /** Set while a `listen --register` run owns it: "created" is deleted on exit, "repointed" restored. */
  run?: { pid: number; kind: "created" | "repointed"; url: string; previousUrl?: string };
}

interface RegistryFile {
  entries: RegistryEntry[];
}

export function registryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(defaultStorePath(env)), "webhooks.json");
}

export class Registry {
  constructor(readonly path: string = registryPath()) {}

  all(): RegistryEntry[] {
    return this.read().entries;
  }

  find(provider: ApiProviderId, scope: string, id: string): RegistryEntry | undefined {
    return this.all().find((e) => e.provider === provider && e.scope === scope && e.id === id);
  }

  /** Adds or changes the entry of one subscription (`change` gets the old one, or a new one). */
  upsert(
    key: Pick<RegistryEntry, "provider" | "scope" | "id">,
    change: (entry: RegistryEntry) => void,
  ): void {
    const file = this.read();
    let entry = file.entries.find(
      (e) => e.provider === key.provider && e.scope === key.scope && e.id === key.id,
    );
    if (!entry) {
      entry = { ...key };
      file.entries.push(entry);
    }
    change(entry);
    this.write(file);
  }

  /** Renames an entry whose provider gave the subscription a new id (Poynt re-creates on update). */
  rename(key: Pick<RegistryEntry, "provider" | "scope" | "id">, newId: string): void {
    const file = this.read();
    for (const e of file.entries) {
      if (e.provider === key.provider && e.scope === key.scope && e.id === key.id) e.id = newId;
    }
    this.write(file);
  }

  remove(key: Pick<RegistryEntry, "provider" | "scope" | "id">): void {
    const file = this.read();
    const kept = file.entries.filter(
      (e) => !(e.provider === key.provider && e.scope === key.scope && e.id === key.id),
    );
    if (kept.length !== file.entries.length) this.write({ entries: kept });
  }

  /** Entries of runs whose process is gone: a crashed or killed `listen --register`. */
  leftovers(provider: ApiProviderId, scope: string, alive = isAlive): RegistryEntry[] {
    return this.all().filter(
      (e) => e.provider === provider && e.scope === scope && e.run && !alive(e.run.pid),
    );
  }

  private read(): RegistryFile {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [] };
      throw fileError("read the webhook registry", this.path, error, STATE_FIX);
    }
    try {
      const data = JSON.parse(text) as Partial<RegistryFile>;
      if (Array.isArray(data.entries)) return { entries: data.entries };
    } catch {
      // Falls through to the error below.
    }
    throw new UsageError(
      `webhook registry ${this.path} is not valid JSON; delete it (hooks then forgets the secrets it saved there)`,
    );
  }

  private write(file: RegistryFile): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      throw fileError("write the webhook registry", this.path, error, STATE_FIX);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The part of a subscription's address that is not its id: two repos may both have hook 1. */
export function scopeOf(settings: {
  apiUrl: string | undefined;
  environment: string;
  target: Record<string, string | undefined>;
}): string {
  const target = Object.entries(settings.target)
    .filter(([, value]) => value !== undefined)
    .map(([kind, value]) => `${kind}=${value}`);
  return [settings.apiUrl ?? settings.environment, ...target].join(" ");
}
