import { requireSecrets, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { assertBatchable } from "./batch-check.js";
import { withEventName } from "./event-name.js";
import type { SendOptions } from "./prepare-send.js";
import { chooseSamples, pickSamples, readSampleDir } from "./sample-dir.js";
import { checkSecret, type EventsContext } from "./send-events.js";
import { compileEvent, type EventFactory } from "./samples.js";
import { recordFactory, selectRecords, storeProvider } from "./store-events.js";

/** `--samples <dir>` and `--from-store [<id>...] [--since <time>] [--store <file>]`. */
export interface CapturedOptions {
  samples?: string | undefined;
  /** `true` for a bare `--from-store`, else the ids after it. */
  fromStore?: boolean | string[] | undefined;
  since?: string | undefined;
  store?: string | undefined;
}

/** Where a run's events come from when not from the built-in catalog, and as which provider. */
export interface CapturedSource {
  provider: Provider;
  events(ctx: EventsContext): { factories: EventFactory[]; secret: string };
}

/**
 * The events of `--samples` (sample files, fresh ids, as built-in samples are sent) or of
 * `--from-store` (captured requests as they came, re-signed), or undefined for neither. The
 * provider comes from the files or the records; `--provider` picks among them.
 */
export async function capturedSource(
  options: SendOptions & CapturedOptions,
  settings: Settings,
): Promise<CapturedSource | undefined> {
  const { samples, fromStore } = options;
  if (samples === undefined && (fromStore === undefined || fromStore === false)) {
    if (options.since !== undefined) throw new UsageError("--since is for --from-store");
    if (options.store !== undefined) throw new UsageError("--store is for --from-store");
    return undefined;
  }
  const flag = samples !== undefined ? "--samples" : "--from-store";
  reject(flag, {
    "from-store": samples !== undefined ? fromStore : undefined,
    payload: options.payload,
    "verification-code": options.verificationCode,
    "api-version": options.apiVersion,
  });
  const chosen = settings.sources.provider === "flag" ? settings.provider : undefined;
  if (samples !== undefined) {
    if (options.since !== undefined || options.store !== undefined) {
      throw new UsageError("--since and --store are for --from-store, not --samples");
    }
    const { provider, files } = chooseSamples(await readSampleDir(samples), samples, chosen);
    const picked = pickSamples(files, options.event ?? []);
    return {
      provider,
      events: (ctx) => {
        const factories = picked.map((sample) => compileEvent(sample, ctx));
        assertBatchable(provider.id, factories, ctx.batch);
        return signed(ctx, provider, factories);
      },
    };
  }
  reject(flag, { event: options.event?.length, set: options.set?.length, batch: options.batch });
  const path = options.store ?? defaultStorePath();
  const ids = Array.isArray(fromStore) ? fromStore : [];
  const notes = { tornLastLine: false, unreadableLines: 0 };
  const selected = await selectRecords({ ids, since: options.since, path }, notes);
  const { provider, records } = storeProvider(
    selected,
    chosen === undefined ? undefined : getProvider(chosen),
  );
  return {
    provider,
    events: (ctx) =>
      signed(
        ctx,
        provider,
        records.map((record) => recordFactory(record, provider)),
      ),
  };
}

function signed(
  ctx: Pick<EventsContext, "settings">,
  provider: Provider,
  factories: EventFactory[],
): { factories: EventFactory[]; secret: string } {
  const [secret] = requireSecrets(ctx.settings, provider.id) as [string];
  checkSecret(provider, secret);
  return { factories: factories.map((factory) => withEventName(factory, provider)), secret };
}

function reject(flag: string, others: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(others)) {
    if (value !== undefined && value !== 0 && value !== false) {
      throw new UsageError(`${flag} cannot be combined with --${name}`);
    }
  }
}
