import type { Provider } from "../providers/types.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { Forwarder } from "./forward.js";
import type { Route } from "./routes.js";
import type { HoldGate } from "./hold.js";

/** Where records go before their request is answered (src/store/event-store.ts). */
export interface RecordSink {
  /** Calls `done` once the line is with the OS (or could not be written). */
  append(line: string, done: (error: Error | null) => void): void;
}

export interface ListenerOptions {
  store: RecordSink;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  status?: number;
  delayMs?: number;
  maxBodyBytes?: number;
  /** Bytes of bodies held at once, all requests together; past it, 503 (default 4x maxBodyBytes). */
  maxInFlightBytes?: number;
  headersTimeoutMs?: number;
  /**
   * The expected provider (--provider, HOOKS_PROVIDER, the profile): the label of requests whose
   * headers name none; headers that name another provider win (src/listener/analyse-request.ts).
   */
  provider?: Provider | undefined;
  /** Where `provider` came from, for "signed as github, but the profile "x" expects square". */
  providerFrom?: string | undefined;
  secrets?: readonly string[];
  /** The public URL right now (a restarted quick tunnel gets a new one), or null. */
  publicUrl?: () => string | null;
  forwardTo?: string | undefined;
  /**
   * `--forward-to` rules (src/listener/routes.ts); when given they pick each request's target
   * and `forwardTo` is ignored. Required with them: `forwarder`.
   */
  routes?: readonly Route[] | undefined;
  /** `--events`: only requests whose event type matches one are shown and forwarded. */
  events?: readonly RegExp[] | undefined;
  /** Required with forwardTo (src/listener/forward.ts createForwarder). */
  forwarder?: Forwarder | undefined;
  /** `--hold`: answers for a target that is down (src/listener/hold.ts). */
  hold?: HoldGate | undefined;
  /**
   * Answer the providers' verification handshakes here (src/listener/handshakes.ts); when unset,
   * only when there is no forwardTo (with one, the app answers them).
   */
  answerHandshakes?: boolean | undefined;
  /** Injected for tests: wall clock in ms, request ids. */
  clock?: () => number;
  newId?: (now: number) => string;
  duplicateCapacity?: number;
}

/** A request as soon as it is read and checked, before it is answered (no `response` yet). */
export type Arrival = Omit<RequestRecord, "response" | "forward">;

export interface ClientErrorInfo {
  status: number;
  message: string;
  remoteAddress?: string | undefined;
}

/** A request that could not be stored; `record` is what would have been (response 500). */
export interface StoreErrorInfo {
  id: string;
  message: string;
  record: RequestRecord;
}

export interface ListenerEvents {
  /** A request was read and analysed; it is being answered. */
  request: [arrival: Arrival];
  /**
   * A request was stored and is being answered; `line` is its JSON line, as stored. A request
   * whose sender went away mid-body is stored too, with `aborted` and no `response`: it was never
   * answered and is not an arrival for `--expect`.
   */
  response: [record: RequestRecord, line: string];
  /** A connection sent something that is not HTTP, or too slowly: answered 400/408/431. */
  "client-error": [info: ClientErrorInfo];
  /** A request could not be stored: answered 500 so that the sender retries it. */
  "store-error": [info: StoreErrorInfo];
}
