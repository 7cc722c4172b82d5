import { eventName } from "../providers/event-name.js";
import type { Provider } from "../providers/types.js";
import { tryParseJson } from "../util/json.js";
import type { SampleEvent } from "../providers/catalog.js";
import { compileEvent, type EventFactory } from "./samples.js";

/**
 * The factory under the name the receiver will see (`pull_request.opened` for the catalog's
 * `pull_request`), so that the report names each event as `hooks listen`, `hooks events` and
 * the inspector do. Read once from a trial notification: a sample's event type is fixed text
 * in it, and reading every body of a load test would cost a JSON parse each.
 */
export function withEventName(factory: EventFactory, provider: Provider): EventFactory {
  const probe = factory.build(Date.now(), 0, 1);
  const name = eventName(provider, probe.headers, tryParseJson(probe.body.toString("utf8")));
  if (name === undefined || name === factory.event) return factory;
  return {
    ...factory,
    event: name,
    build(now, seq, items) {
      const notification = factory.build(now, seq, items);
      notification.event = name;
      return notification;
    },
  };
}

/** The name the receiver sees a catalog sample under (for `--event pull_request.opened`). */
export function receiverName(sample: SampleEvent, provider: Provider): string | undefined {
  try {
    return withEventName(compileEvent(sample, { overrides: [], userHeaders: {} }), provider).event;
  } catch {
    return undefined;
  }
}
