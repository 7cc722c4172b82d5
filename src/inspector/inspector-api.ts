import type { IncomingMessage, ServerResponse } from "node:http";
import { forwardUrl } from "../listener/forward.js";
import { newRequestId } from "../listener/request-id.js";
import type { RequestRecord } from "../store/event-store-record.js";
import { curlCommand } from "./curl-command.js";
import { summarise, type EntrySummary, type InspectorRecord } from "./entry-summary.js";
import { EventStream, frame, type HistorySource } from "./event-stream.js";
import { maskRecord, maskSummary } from "./page-mask.js";
import { redact } from "../util/secrets.js";
import { parseUserUrl } from "../util/url.js";
import {
  replayEntry,
  type ReplayFn,
  type ReplayOutcome,
  type ReplayRecord,
  type ReplayRequest,
} from "./replay-entry.js";
import { respondJson } from "./respond-json.js";
import { searchNeedles, StoreIndex } from "./store-index.js";

export interface ApiOptions {
  storePath: string;
  replay: ReplayFn;
  secrets: readonly string[];
  forwardTo: string | undefined;
  localUrl: string;
  historyLimit: number;
  clock: () => number;
}

/** Replays made from the page live as long as the run; only the newest are kept. */
const REPLAYS_KEPT = 1_000;
const MAX_ACTION_BYTES = 64 * 1024;
/** The history goes to a page in frames of about this size, read from the index as it drains. */
const HISTORY_FRAME_BYTES = 64 * 1024;

/** What the page's list starts with: the stored summaries and how to act on them. */
export interface History {
  entries: EntrySummary[];
  store: string;
  forwardTo: string | null;
  localUrl: string;
  canResign: boolean;
  historyLimit: number;
  unreadableLines: number;
}

/** The inspector's JSON API and event stream; every call has passed checkRequest already. */
export class InspectorApi {
  private readonly index: StoreIndex;
  private readonly stream = new EventStream();
  private readonly replays = new Map<string, ReplayRecord>();
  /** Replays in flight, each waiting to see whether the listener captures what it sent. */
  private readonly watchers = new Set<(record: RequestRecord) => void>();

  constructor(private readonly options: ApiOptions) {
    this.index = new StoreIndex(options.storePath, options.historyLimit, options.secrets);
  }

  /** A request the listener just stored. */
  captured(record: RequestRecord): void {
    for (const watch of this.watchers) watch(record);
    // Under load with no page open, this must cost nothing (the listener's throughput bench).
    if (this.stream.size > 0) this.stream.send("entry", this.summary(record));
  }

  close(): void {
    this.stream.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const entry = /^\/api\/entries\/([^/]+)(\/curl|\/replay)?$/.exec(path);
    if (req.method === "POST") {
      if (entry?.[2] === "/replay")
        return this.replay(req, res, decodeURIComponent(entry[1] ?? ""));
      return respondJson(res, 404, { error: `no action at ${path}` });
    }
    if (req.method !== "GET")
      return respondJson(res, 405, { error: `${req.method} is not used here` });
    if (path === "/api/stream") return this.stream.open(res, () => this.historySource());
    if (path === "/api/history") return respondJson(res, 200, await this.history());
    if (path === "/api/search") {
      const query = url.searchParams.get("q") ?? "";
      return respondJson(res, 200, { ids: await this.search(query) });
    }
    if (entry && entry[2] === undefined)
      return this.detail(res, decodeURIComponent(entry[1] ?? ""));
    if (entry?.[2] === "/curl") {
      return this.curl(res, decodeURIComponent(entry[1] ?? ""), url.searchParams.get("to"));
    }
    return respondJson(res, 404, { error: `nothing at ${path}` });
  }

  /** A list row as the page gets it: secrets masked, long texts cut. */
  private summary(record: InspectorRecord): EntrySummary {
    return maskSummary(summarise(record), this.options.secrets);
  }

  private async history(): Promise<History> {
    await this.index.refresh();
    const entries = this.index.summaries();
    if (this.replays.size > 0) {
      entries.push(...[...this.replays.values()].map((replay) => this.summary(replay)));
      // ISO times sort as text; the sort is stable, so store order breaks ties.
      entries.sort((a, b) =>
        a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0,
      );
    }
    return { entries, ...this.historyInfo() };
  }

  private historyInfo(): Omit<History, "entries"> {
    return {
      store: this.options.storePath,
      forwardTo: this.options.forwardTo ?? null,
      localUrl: this.options.localUrl,
      canResign: this.options.secrets.length > 0,
      historyLimit: this.options.historyLimit,
      unreadableLines: this.index.unreadableLines,
    };
  }

  /**
   * A stream's history: a `history` frame (what the page needs to know, and the first entries),
   * then `history-page` frames until one says `"complete":true`. Each is made from the shared
   * index only when the page's socket takes more, so a page holds a cursor, not a copy; the
   * replays made from the page (at most REPLAYS_KEPT) come last, and the page sorts them in.
   */
  private async historySource(): Promise<HistorySource> {
    await this.index.refresh();
    const info = JSON.stringify(this.historyInfo());
    const cursor = this.index.cursor();
    let replays: string[] | undefined;
    let first = true;
    let complete = false;
    return {
      next: () => {
        if (complete) return undefined;
        const entries = this.index.read(cursor, HISTORY_FRAME_BYTES);
        if (cursor.next >= cursor.end) {
          replays ??= [...this.replays.values()].map((replay) =>
            JSON.stringify(this.summary(replay)),
          );
          let bytes = entries.reduce((sum, text) => sum + text.length, 0);
          while (replays.length > 0 && bytes < HISTORY_FRAME_BYTES) {
            const text = replays.shift() as string;
            entries.push(text);
            bytes += text.length;
          }
          complete = replays.length === 0;
        }
        const data = `"entries":[${entries.join(",")}],"complete":${complete}}`;
        const text = first
          ? frame("history", `${info.slice(0, -1)},${data}`)
          : frame("history-page", `{${data}`);
        first = false;
        return text;
      },
    };
  }

  private async search(query: string): Promise<string[]> {
    if (query.trim() === "") return [];
    const ids = await this.index.search(query);
    const needles = searchNeedles(query);
    for (const replay of this.replays.values()) {
      // Searched as shown: masked, like the stored lines.
      const text = JSON.stringify(maskRecord(replay, this.options.secrets)).toLowerCase();
      if (needles.some((needle) => text.includes(needle))) ids.push(replay.id);
    }
    return ids;
  }

  private async lookup(id: string): Promise<InspectorRecord | undefined> {
    return this.replays.get(id) ?? (await this.index.record(id));
  }

  private async detail(res: ServerResponse, id: string): Promise<void> {
    const record = await this.lookup(id);
    if (!record)
      return respondJson(res, 404, { error: `no request ${id} in the inspector's history` });
    respondJson(res, 200, {
      record: maskRecord(record, this.options.secrets),
      // Masked like the path it ends with; the page leaves `to` out to mean this very target.
      defaultTarget: redact(this.defaultTarget(record), this.options.secrets),
    });
  }

  private async curl(res: ServerResponse, id: string, to: string | null): Promise<void> {
    const record = await this.lookup(id);
    if (!record)
      return respondJson(res, 404, { error: `no request ${id} in the inspector's history` });
    const target = to ? parseTarget(to) : this.defaultTarget(record);
    if (!target) return respondJson(res, 400, { error: `not an http(s) URL: ${to}` });
    const now = Math.floor(this.options.clock() / 1000);
    respondJson(res, 200, curlCommand(record, { url: target, secrets: this.options.secrets, now }));
  }

  /** POST /api/entries/<id>/replay: read the action, check it, replay, and list the result. */
  private async replay(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const action = await readReplayAction(req);
    if ("error" in action) return respondJson(res, action.status, { error: action.error });
    const original = await this.lookup(id);
    if (!original)
      return respondJson(res, 404, { error: `no request ${id} in the inspector's history` });
    const request = this.replayRequest(original, action.fields);
    if ("error" in request) return respondJson(res, 400, { error: request.error });
    let replayed;
    try {
      replayed = await this.replayWatchingCapture(original, request);
    } catch (error) {
      return respondJson(res, 400, { error: (error as Error).message });
    }
    const { outcome, capturedAs } = replayed;
    if (capturedAs !== undefined) {
      return respondJson(res, 200, { capturedAs, status: outcome.status, error: outcome.error });
    }
    const entry = this.listReplay(original, request, outcome);
    respondJson(res, 200, { entry, status: outcome.status, error: outcome.error });
  }

  /** Where the replay goes and whether it is signed again, or why it cannot be. */
  private replayRequest(
    original: InspectorRecord,
    fields: Record<string, unknown>,
  ): ReplayRequest | { error: string } {
    const to =
      typeof fields.to === "string" && fields.to.trim() !== ""
        ? parseTarget(fields.to.trim())
        : this.defaultTarget(original);
    if (!to) return { error: `not an http(s) URL: ${String(fields.to)}` };
    const resign = fields.resign === true;
    if (resign && this.options.secrets.length === 0) {
      return {
        error:
          "no secret known to sign with: start hooks listen with --secret, HOOKS_SECRET or a profile",
      };
    }
    return { to, resign };
  }

  /**
   * Replays, watching what the listener captures meanwhile: a replay sent to this listener (the
   * default without --forward-to) is captured there as a request of its own, stored and listed
   * before the listener answers, so it needs no second entry.
   */
  private async replayWatchingCapture(
    original: InspectorRecord,
    request: ReplayRequest,
  ): Promise<{ outcome: ReplayOutcome; capturedAs: string | undefined }> {
    const target = new URL(request.to);
    const path = `${target.pathname}${target.search}`;
    let capturedAs: string | undefined;
    const watch = (record: RequestRecord): void => {
      if (
        capturedAs === undefined &&
        record.id !== original.id &&
        record.method === original.method &&
        record.path === path &&
        record.body === original.body
      ) {
        capturedAs = record.id;
      }
    };
    this.watchers.add(watch);
    try {
      const outcome = await this.options.replay(original, request);
      return { outcome, capturedAs };
    } finally {
      this.watchers.delete(watch);
    }
  }

  /** Keeps a replay as an entry of its own (the newest REPLAYS_KEPT) and streams it to the page. */
  private listReplay(
    original: InspectorRecord,
    request: ReplayRequest,
    outcome: ReplayOutcome,
  ): EntrySummary {
    const now = this.options.clock();
    const entry = replayEntry(original, request, outcome, newRequestId(now), now);
    this.replays.set(entry.id, entry);
    if (this.replays.size > REPLAYS_KEPT) {
      const oldest = this.replays.keys().next();
      if (!oldest.done) this.replays.delete(oldest.value);
    }
    const summary = this.summary(entry);
    this.stream.send("entry", summary);
    return summary;
  }

  private defaultTarget(record: InspectorRecord): string {
    // A replay is replayed where it went.
    if (record.replayOf !== undefined && record.url) return record.url;
    if (this.options.forwardTo) return forwardUrl(this.options.forwardTo, record.path);
    return `${this.options.localUrl.replace(/\/+$/, "")}${record.path}`;
  }
}

function parseTarget(text: string): string | undefined {
  try {
    return parseUserUrl(text, "URL");
  } catch {
    return undefined;
  }
}

/** The replay action's JSON object, or the status and error to answer with. */
async function readReplayAction(
  req: IncomingMessage,
): Promise<{ fields: Record<string, unknown> } | { status: number; error: string }> {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    return { status: 415, error: "send the action as application/json" };
  }
  const fields = await readAction(req);
  return fields ? { fields } : { status: 400, error: "the action is not a JSON object" };
}

async function readAction(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ACTION_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
