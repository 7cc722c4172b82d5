import type { Listener } from "../listener/listener.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { Route } from "../listener/routes.js";
import { startInspector, type Inspector } from "./inspector.js";
import { listenerReplay } from "./listener-replay.js";

export interface ListenInspectorOptions {
  /** `--inspect-port`; the default port falls back to a free one when it is taken. */
  port: number;
  fallbackPort: boolean;
  storePath: string;
  secrets: readonly string[];
  forwardTo: string | undefined;
  /** `--forward-to` rules: a replay goes where its record's route sends it. */
  routes?: readonly Route[] | undefined;
}

/** Serves the inspector for a running `hooks listen`: its store, its requests, its secrets. */
export function startListenInspector(
  listener: Listener,
  options: ListenInspectorOptions,
): Promise<Inspector> {
  return startInspector({
    feed: {
      storePath: options.storePath,
      subscribe(onRecord) {
        const handler = (record: RequestRecord): void => onRecord(record);
        listener.on("response", handler);
        return () => listener.off("response", handler);
      },
    },
    replay: listenerReplay(options.secrets),
    secrets: options.secrets,
    forwardTo: options.forwardTo,
    routes: options.routes,
    localUrl: listener.localUrl,
    port: options.port,
    fallbackPort: options.fallbackPort,
  });
}
