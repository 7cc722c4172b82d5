import type { Inspector } from "../inspector/inspector.js";
import { EventStore } from "../store/event-store.js";
import { fileError } from "../util/file-error.js";
import type { Forwarder } from "./forward.js";
import type { OpenedHold } from "./hold.js";
import type { Listener } from "./listener.js";
import type { TunnelHandle } from "./open-tunnel.js";

/** What a session opened, closed in reverse order of need once it ends. */
export interface SessionParts {
  store: EventStore;
  forwarder?: Forwarder;
  hold?: OpenedHold;
  listener?: Listener;
  inspector?: Inspector;
  tunnel?: TunnelHandle;
  timer?: NodeJS.Timeout | undefined;
}

export async function closeParts(parts: SessionParts): Promise<void> {
  clearTimeout(parts.timer);
  // Requests in flight finish (and are stored) before the store closes.
  await parts.listener?.close();
  parts.hold?.hold.stop();
  await parts.inspector?.close();
  await parts.store.close();
  await parts.tunnel?.close();
  await parts.forwarder?.close();
  // After the forwarder: a redelivery in flight ends with it, and the request stays pending.
  await parts.hold?.close();
}

export async function openStore(path: string): Promise<EventStore> {
  try {
    return await EventStore.open(path);
  } catch (error) {
    throw fileError("open the store", path, error, "pass --store <file> somewhere writable");
  }
}
