import type { RequestRecord, SignatureStatus } from "../store/event-store-record.js";
import type { TunnelStatus } from "../tunnel/tunnel-status.js";
import type { RegistrationStatus } from "../webhooks/register.js";
import type { HoldStatus, Redelivery } from "./hold.js";
import type { Arrival, ClientErrorInfo } from "./listener.js";
import type { StoreErrorInfo } from "./listener-types.js";

// What a `hooks listen` session hands its renderers (src/render/listen*.ts): the ready line, the
// summary, and the events it re-emits (src/listener/listen-session.ts).

/** The `ready` line of `hooks listen --json`; add fields here and they reach the output. */
export interface ReadyInfo {
  localUrl: string;
  publicUrl: string | null;
  store: string;
  port: number;
  /** The web inspector's address, or null with --no-inspect. */
  inspectUrl: string | null;
}

/** One line of what arrived, for the summary. */
export interface RequestBrief {
  id: string;
  method: string;
  path: string;
  provider: string | null;
  eventType?: string;
  signature: SignatureStatus;
  reason: string;
  status: number;
}

export interface ListenSummary {
  reason: "signal" | "expect" | "timeout";
  /** Every request answered, stored or not. */
  requests: number;
  /** Of `requests`, those the store failed to keep (answered 500); not counted by --expect. */
  notStored: number;
  signatures: Record<SignatureStatus, number>;
  duplicates: number;
  forwardErrors: number;
  /**
   * `--events`: requests whose event type matched no glob: stored and answered by hooks, but not
   * shown, not forwarded and, like `aborted`, not counted in `requests` or by --expect.
   */
  filtered: number;
  /** Deliveries cut off mid-body: stored, never answered, not counted in `requests`. */
  aborted: number;
  expected?: number;
  /**
   * `--expect n`: requests that arrived after the n settled it, while the listener was stopping:
   * stored and answered, but not counted in `requests` (absent when there were none).
   */
  afterExpect?: number;
  /** False when `--expect` was not met (too few, or not all valid when a secret is known). */
  met: boolean;
  /** The last few requests (bounded), to say what did arrive. */
  recent: RequestBrief[];
  store: string;
  durationMs: number;
  /** `--hold`: requests still held when the session ended (stored, pending). */
  pending?: number;
  /**
   * `--hold`: held requests the app has taken since (this run's or left by an earlier one):
   * `forwardErrors` still counts this run's, since their first forward failed.
   */
  redelivered?: number;
}

export interface ListenSessionEvents {
  ready: [info: ReadyInfo];
  request: [arrival: Arrival];
  response: [record: RequestRecord, line: string];
  tunnel: [status: TunnelStatus];
  "client-error": [info: ClientErrorInfo];
  "store-error": [info: StoreErrorInfo];
  /** `--register`: what was done at the provider (src/webhooks/register.ts). */
  registration: [status: RegistrationStatus];
  /** `--hold`: a held request the app has now answered (src/listener/hold.ts). */
  redelivery: [redelivery: Redelivery];
  hold: [status: HoldStatus];
  /** A loopback forward target refused, and hooks runs in a container or WSL: where to look. */
  "forward-hint": [hint: string];
}
