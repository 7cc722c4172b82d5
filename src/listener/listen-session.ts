import { EventEmitter } from "node:events";
import type { Inspector } from "../inspector/inspector.js";
import type { EventStore } from "../store/event-store.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { ListenSessionEvents, ListenSummary } from "./listen-session-types.js";
import { requestBrief } from "./request-brief.js";
import { closeParts, openStore, type SessionParts } from "./session-parts.js";
import { createForwarder } from "./forward.js";
import { resignHeaders } from "./resign-headers.js";
import type { HeaderMap } from "../util/headers.js";
import type { ListenOptions } from "./listen-options.js";
import { startListener, type Listener } from "./listener.js";
import { openTunnel } from "./open-tunnel.js";
import type { ObtainCloudflared } from "../tunnel/offer-cloudflared.js";
import type { TunnelStatus } from "../tunnel/tunnel-status.js";

export type {
  ListenSessionEvents,
  ListenSummary,
  ReadyInfo,
  RequestBrief,
} from "./listen-session-types.js";

const RECENT = 20;

/**
 * `hooks listen` from start to summary: opens the store, starts the listener and the tunnel,
 * re-emits what they see (ListenSessionEvents) for a renderer, and ends on `stop` (Ctrl-C),
 * `--expect` met, or `--timeout`.
 */
export class ListenSession extends EventEmitter<ListenSessionEvents> {
  private publicUrl: string | null = null;
  private readonly summary: ListenSummary;
  private finish: ((reason: ListenSummary["reason"]) => void) | undefined;
  /** `--expect n` was settled (n stored, or one not valid): see settle(). */
  private settled = false;

  /** Whether `--expect` is settled: what arrives from now on is counted apart (`afterExpect`). */
  get expectDone(): boolean {
    return this.settled;
  }

  constructor(
    private readonly options: ListenOptions,
    /** Gets cloudflared when it is missing (`hooks listen` at a terminal offers to download it). */
    private readonly obtainCloudflared?: ObtainCloudflared,
  ) {
    super();
    this.summary = {
      reason: "signal",
      requests: 0,
      notStored: 0,
      signatures: { valid: 0, invalid: 0, unsigned: 0, unchecked: 0 },
      duplicates: 0,
      forwardErrors: 0,
      filtered: 0,
      aborted: 0,
      met: true,
      recent: [],
      store: options.store,
      durationMs: 0,
    };
    if (options.expect !== undefined) this.summary.expected = options.expect;
  }

  async run(stop: AbortSignal): Promise<ListenSummary> {
    const started = Date.now();
    const { ended, detach } = this.endOn(stop);
    // A signal ends the session even while the store is still being opened.
    const store = await Promise.race([openStore(this.options.store), ended.then(() => undefined)]);
    if (store === undefined) {
      detach();
      this.summary.durationMs = Date.now() - started;
      return this.summary;
    }
    const parts: SessionParts = { store };
    try {
      const listener = await this.startListener(parts);
      await this.startInspector(parts, listener);
      await this.reachPublicUrl(parts, listener, ended);
      parts.timer = this.startTimeout();
      this.announce(listener, store, parts.inspector);
      this.summary.reason = await ended;
    } finally {
      detach();
      await closeParts(parts);
    }
    if (parts.hold) this.summary.pending = parts.hold.hold.pending;
    this.settleExpectation();
    this.summary.durationMs = Date.now() - started;
    return this.summary;
  }

  /** A promise of why the session ends (Ctrl-C, --expect, --timeout), and how to stop watching. */
  private endOn(stop: AbortSignal): {
    ended: Promise<ListenSummary["reason"]>;
    detach: () => void;
  } {
    const ended = new Promise<ListenSummary["reason"]>((resolve) => {
      this.finish = resolve;
    });
    const onAbort = (): void => this.finish?.("signal");
    stop.addEventListener("abort", onAbort, { once: true });
    if (stop.aborted) onAbort();
    return { ended, detach: () => stop.removeEventListener("abort", onAbort) };
  }

  private async startListener(parts: SessionParts): Promise<Listener> {
    if (this.options.routes.length > 0) {
      parts.forwarder = await createForwarder({ timeoutMs: this.options.provider?.timeoutMs });
    }
    if (this.options.hold && parts.forwarder) {
      const { openHold } = await import("./hold.js");
      parts.hold = await openHold(this.options.store, {
        forwarder: parts.forwarder,
        onRedelivery: (redelivery) => {
          this.summary.redelivered = (this.summary.redelivered ?? 0) + 1;
          this.emit("redelivery", redelivery);
        },
        onStatus: (status) => this.emit("hold", status),
        resign: this.options.resign ? (record) => this.resigned(record) : undefined,
      });
    }
    const listener = await startListener({
      store: parts.store,
      host: this.options.host,
      port: this.options.port,
      status: this.options.status,
      delayMs: this.options.delayMs,
      maxBodyBytes: this.options.maxBodyBytes,
      maxInFlightBytes: this.options.maxInFlightBytes,
      headersTimeoutMs: this.options.headersTimeoutMs,
      provider: this.options.provider,
      providerFrom: this.options.providerFrom,
      secrets: this.options.secrets,
      publicUrl: () => this.publicUrl,
      forwardTo: this.options.forwardTo,
      routes: this.options.routes.length > 0 ? this.options.routes : undefined,
      events: this.options.eventFilter,
      forwarder: parts.forwarder,
      hold: parts.hold?.hold,
      answerHandshakes: this.options.answerHandshakes,
    });
    parts.listener = listener;
    this.wire(listener);
    parts.hold?.attach(listener);
    if (parts.forwarder) {
      const { watchRefusals } = await import("./refused-hint.js");
      watchRefusals(listener, (hint) => this.emit("forward-hint", hint));
    }
    return listener;
  }

  private async startInspector(parts: SessionParts, listener: Listener): Promise<void> {
    if (!this.options.inspect) return;
    const { startListenInspector } = await import("../inspector/listen-inspector.js");
    parts.inspector = await startListenInspector(listener, {
      ...this.options.inspect,
      storePath: parts.store.path,
      secrets: this.options.secrets,
      forwardTo: this.options.forwardTo,
      routes: this.options.routes,
    });
  }

  /**
   * --public-url as given, or a tunnel (waited for, unless the session ends first): a quick one,
   * or with --tunnel-token the named one whose hostname --public-url is.
   */
  private async reachPublicUrl(
    parts: SessionParts,
    listener: Listener,
    ended: Promise<unknown>,
  ): Promise<void> {
    const named = this.options.namedTunnel;
    if (this.options.publicUrl && !named) {
      this.publicUrl = this.options.publicUrl;
      return;
    }
    if (this.options.tunnel !== "cloudflared") return;
    const report = (status: TunnelStatus): void => {
      this.publicUrl = status.status === "up" ? status.publicUrl : this.publicUrl;
      if (status.status === "down") this.publicUrl = null;
      this.emit("tunnel", status);
    };
    const tunnel = await openTunnel(listener.localUrl, report, named, this.obtainCloudflared);
    parts.tunnel = tunnel;
    await Promise.race([tunnel.started, ended]);
  }

  private startTimeout(): NodeJS.Timeout | undefined {
    if (this.options.timeoutMs === undefined) return undefined;
    return setTimeout(() => this.finish?.("timeout"), this.options.timeoutMs);
  }

  private announce(listener: Listener, store: EventStore, inspector: Inspector | undefined): void {
    this.emit("ready", {
      localUrl: listener.localUrl,
      publicUrl: this.publicUrl,
      store: store.path,
      port: listener.port,
      inspectUrl: inspector?.url ?? null,
    });
  }

  /** `--expect n`: met when n were stored, all valid when a secret is known. */
  private settleExpectation(): void {
    const expected = this.options.expect;
    if (expected === undefined) return;
    const secretKnown = this.options.secrets.length > 0;
    const allValid = this.summary.signatures.valid === this.summary.requests;
    const stored = this.summary.requests - this.summary.notStored;
    this.summary.met = stored >= expected && (!secretKnown || allValid);
  }

  /** `--expect n` is settled: n were stored, or (a secret being known) one is not valid. */
  private expectationSettled(record: RequestRecord): boolean {
    const expected = this.options.expect;
    if (expected === undefined) return false;
    if (this.options.secrets.length > 0 && record.signature.status !== "valid") return true;
    return this.summary.requests - this.summary.notStored >= expected;
  }

  private wire(listener: Listener): void {
    listener.on("request", (arrival) => this.emit("request", arrival));
    listener.on("client-error", (info) => this.emit("client-error", info));
    listener.on("store-error", (info) => {
      const { response } = info.record;
      if (info.record.filtered) {
        this.summary.filtered += 1;
        this.emit("store-error", info);
        return;
      }
      // A delivery cut off mid-body was never answered: it counts as aborted, not for --expect.
      if (response === undefined) this.summary.aborted += 1;
      else if (this.settled) this.summary.afterExpect = (this.summary.afterExpect ?? 0) + 1;
      else {
        this.count(info.record, response.status);
        this.summary.notStored += 1;
      }
      this.emit("store-error", info);
      if (response !== undefined && !this.settled && this.expectationSettled(info.record)) {
        this.settle();
      }
    });
    listener.on("response", (record, line) => {
      if (record.filtered) {
        this.summary.filtered += 1;
        this.emit("response", record, line);
        return;
      }
      if (record.response === undefined) {
        this.summary.aborted += 1;
        this.emit("response", record, line);
        return;
      }
      // --expect counts what it was asked to: what comes while the listener stops is stored,
      // answered and shown, and counted apart.
      if (this.settled) this.summary.afterExpect = (this.summary.afterExpect ?? 0) + 1;
      else this.count(record, record.response.status);
      this.emit("response", record, line);
      if (!this.settled && this.expectationSettled(record)) this.settle();
    });
  }

  /**
   * `--hold --resign`: a held request's headers signed now with the listener's secret (read when
   * it is redelivered: `--register` may have learned it since), for the URL the sender used (what
   * Square signs, and the app checks); as they came when it cannot be.
   */
  private resigned(record: RequestRecord): HeaderMap | undefined {
    const secret = this.options.secrets[0];
    if (secret === undefined) return undefined;
    const resigned = resignHeaders(record, { secret, url: record.url });
    return resigned.ok ? resigned.headers : undefined;
  }

  /** `--expect` is met or failed: the session ends, and later arrivals are counted apart. */
  private settle(): void {
    this.settled = true;
    this.finish?.("expect");
  }

  private count(record: RequestRecord, status: number): void {
    const summary = this.summary;
    summary.requests += 1;
    summary.signatures[record.signature.status] += 1;
    if (record.duplicateOf !== undefined) summary.duplicates += 1;
    if (record.forward?.error !== undefined) summary.forwardErrors += 1;
    summary.recent.push(requestBrief(record, status));
    if (summary.recent.length > RECENT) summary.recent.shift();
  }
}
