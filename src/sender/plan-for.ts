import type { Provider } from "../providers/types.js";
import { maskSecret, redactUrl } from "../util/secrets.js";
import type { Target } from "./deliver.js";
import { countNotifications, type Schedule } from "./notifications.js";
import type { Limits } from "./prepare-send.js";
import type { SendPlan } from "./types.js";

/** The report's first line: what is about to be sent, the secret masked. */
export function planFor(
  ctx: Pick<Limits, "concurrency" | "retries"> & {
    provider: Provider;
    target: Target;
    timeoutMs: number;
    schedule: Schedule;
    secret: string | undefined;
  },
): SendPlan {
  const { factories } = ctx.schedule;
  return {
    provider: ctx.provider.id,
    // A URL may carry a token (`?key=…`, `user:password@`): the banner shows it masked.
    url: redactUrl(ctx.target.url, ctx.secret === undefined ? [] : [ctx.secret]),
    total: countNotifications(ctx.schedule),
    timeoutMs: ctx.timeoutMs,
    concurrency: ctx.concurrency,
    retries: ctx.retries,
    eventWidth: Math.min(30, Math.max(...factories.map((factory) => factory.event.length))),
    secret: ctx.secret === undefined ? null : maskSecret(ctx.secret),
  };
}
