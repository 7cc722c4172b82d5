import { EventEmitter } from "node:events";
import { TunnelStartError } from "./cloudflared-process.js";
import {
  openQuickTunnel,
  type QuickTunnel,
  type QuickTunnelOptions,
  type TunnelExit,
} from "./quick-tunnel.js";

/** Delays before each restart (ms); the last repeats. Reset once a tunnel has stayed up a while. */
export const TUNNEL_BACKOFF_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];
const STABLE_MS = 60_000;
const EXIT_SETTLE_MS = 250;

export interface TunnelSupervisorEvents {
  starting: [info: { attempt: number; restart: boolean }];
  /** A tunnel is up; `previousUrl` is set when this is a restart with a new URL. */
  up: [info: { url: string; restart: boolean; previousUrl?: string }];
  /** A tunnel that was up went away; a restart is scheduled. */
  down: [info: { message: string; retryInMs: number }];
  /** A start failed; another is scheduled, unless `retryInMs` is null (retrying cannot help). */
  failed: [info: { message: string; retryInMs: number | null }];
}

export interface TunnelSupervisorOptions extends QuickTunnelOptions {
  backoffMs?: readonly number[];
  open?: (localUrl: string, options: QuickTunnelOptions) => Promise<QuickTunnel>;
}

/**
 * Keeps a tunnel up: a cloudflared that exits is started again with backoff. A quick tunnel's
 * URL changes on every start, which is why `up` says what the previous one was; a named tunnel
 * (`open` runs src/tunnel/named-tunnel.ts) comes back with the same one.
 */
export class TunnelSupervisor extends EventEmitter<TunnelSupervisorEvents> {
  private current: QuickTunnel | undefined;
  private currentUrl: string | null = null;
  private lastUrl: string | undefined;
  private failures = 0;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private exitTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly localUrl: string,
    private readonly options: TunnelSupervisorOptions,
  ) {
    super();
  }

  /** The public URL now, or null while the tunnel is down. */
  get url(): string | null {
    return this.currentUrl;
  }

  /** Starts the first tunnel; resolves with its URL, or null when it could not start (retrying). */
  start(): Promise<string | null> {
    return this.attempt();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      clearTimeout(this.timer);
      clearTimeout(this.exitTimer);
      this.currentUrl = null;
      await this.current?.close();
    })();
    return this.closing;
  }

  private async attempt(): Promise<string | null> {
    this.attempts += 1;
    this.emit("starting", { attempt: this.attempts, restart: this.lastUrl !== undefined });
    const open = this.options.open ?? openQuickTunnel;
    let tunnel: QuickTunnel | undefined;
    let url: string;
    try {
      tunnel = await open(this.localUrl, this.options);
      this.current = tunnel;
      url = await tunnel.url;
    } catch (error) {
      await tunnel?.close();
      this.current = undefined;
      if (this.closed) return null;
      const permanent = error instanceof TunnelStartError && error.permanent;
      const retryInMs = permanent ? null : this.schedule();
      this.emit("failed", { message: (error as Error).message, retryInMs });
      return null;
    }
    if (this.closed) {
      await tunnel.close();
      return null;
    }
    const upAt = Date.now();
    const previousUrl = this.lastUrl;
    this.currentUrl = url;
    this.lastUrl = url;
    const info: TunnelSupervisorEvents["up"][0] = { url, restart: previousUrl !== undefined };
    if (previousUrl !== undefined && previousUrl !== url) info.previousUrl = previousUrl;
    this.emit("up", info);
    // Ctrl-C in a terminal reaches cloudflared too (same process group), often before our own
    // handler closes the supervisor: wait a moment before calling an exit a drop.
    void tunnel.exited.then((exit) => {
      this.exitTimer = setTimeout(() => this.dropped(tunnel, exit, upAt), EXIT_SETTLE_MS);
    });
    return url;
  }

  private dropped(tunnel: QuickTunnel, exit: TunnelExit, upAt: number): void {
    if (this.closed || this.current !== tunnel) return;
    this.current = undefined;
    this.currentUrl = null;
    if (Date.now() - upAt > STABLE_MS) this.failures = 0;
    const retryInMs = this.schedule();
    const how = exit.signal ?? `code ${exit.code}`;
    this.emit("down", {
      message: `cloudflared exited (${how})${exit.lastError ? `: ${exit.lastError}` : ""}`,
      retryInMs,
    });
  }

  private schedule(): number {
    const backoff = this.options.backoffMs ?? TUNNEL_BACKOFF_MS;
    const delay = backoff[Math.min(this.failures, backoff.length - 1)] ?? 1_000;
    this.failures += 1;
    this.timer = setTimeout(() => void this.attempt(), delay);
    return delay;
  }
}
