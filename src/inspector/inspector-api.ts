import type { IncomingMessage, ServerResponse } from "node:http";
import type { Route } from "../listener/routes.js";
import { newRequestId } from "../listener/request-id.js";
import type { RequestRecord } from "../store/event-store-record.js";
import { curlCommand } from "./curl-command.js";
import { summarise, type EntrySummary, type InspectorRecord } from "./entry-summary.js";
import { defaultTarget } from "./default-target.js";
import { EventStream, type HistorySource } from "./event-stream.js";
import { historyFrames } from "./history-frames.js";
import { maskRecord, maskSummary } from "./page-mask.js";
import { parseReplayTarget } from "./parse-replay-target.js";
import { readReplayAction } from "./read-replay-action.js";
import { redact } from "../util/secrets.js";
import {
  replayEntry,
  type ReplayFn,
  type ReplayOutcome,
  type ReplayRecord,
  type ReplayRequest,
} from "./replay-entry.js";
import { replayRequest } from "./replay-request.js";
import { replayWatchingCapture } from "./replay-watching-capture.js";
import { respondJson } from "./respond-json.js";
import { searchNeedles, StoreIndex } from "./store-index.js";

export interface ApiOptions {
  storePath: string;
  replay: ReplayFn;
  secrets: readonly string[];
  forwardTo: string | undefined;
  routes?: readonly Route[] | undefined;
  localUrl: string;
  historyLimit: number;
  clock: () => number;
}

/** Replays made from the page live as long as the run; only the newest are kept. */
const REPLAYS_KEPT = 1_000;

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

  /** The stream's history, paged from the index (see historyFrames). */
  private async historySource(): Promise<HistorySource> {
    await this.index.refresh();
    return historyFrames(this.index, JSON.stringify(this.historyInfo()), () =>
      [...this.replays.values()].map((replay) => JSON.stringify(this.summary(replay))),
    );
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
      defaultTarget: redact(defaultTarget(record, this.options), this.options.secrets),
    });
  }

  private async curl(res: ServerResponse, id: string, to: string | null): Promise<void> {
    const record = await this.lookup(id);
    if (!record)
      return respondJson(res, 404, { error: `no request ${id} in the inspector's history` });
    const target = to ? parseReplayTarget(to) : defaultTarget(record, this.options);
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
    const request = replayRequest(original, action.fields, this.options);
    if ("error" in request) return respondJson(res, 400, { error: request.error });
    let replayed;
    try {
      replayed = await replayWatchingCapture(original, request, this.options.replay, this.watchers);
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
}
