import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { UsageError } from "../errors.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { Route } from "../listener/routes.js";
import { DEFAULT_INSPECT_PORT } from "./inspect-port.js";
import { InspectorApi } from "./inspector-api.js";
import type { ReplayFn } from "./replay-entry.js";
import { checkRequest } from "./request-guard.js";
import { respondJson } from "./respond-json.js";
import { StaticAssets } from "./static-assets.js";
import { DEFAULT_HISTORY_LIMIT } from "./store-index.js";

export { DEFAULT_INSPECT_PORT };
export const INSPECT_HOST = "127.0.0.1";

/** Where the inspector's entries come from. */
export interface InspectorFeed {
  /** The JSONL capture store: history, read lazily (newest first) when a page opens. */
  storePath: string;
  /** Calls back with each request once it is stored; returns an unsubscribe function. */
  subscribe(onRecord: (record: RequestRecord) => void): () => void;
}

export interface InspectorOptions {
  feed: InspectorFeed;
  /** Re-sends a captured request (`hooks events replay`'s engine). */
  replay: ReplayFn;
  /** Known secrets: used on the server to sign curl commands, masked in anything sent to the page. */
  secrets?: readonly string[];
  /** Where a replay goes when no URL is typed: the forward target, else the listener itself. */
  forwardTo?: string | undefined;
  /** `--forward-to` rules: a replay goes where its record's route sends it, else `forwardTo`. */
  routes?: readonly Route[] | undefined;
  localUrl: string;
  /** Default 4666; 0 picks a free port. */
  port?: number;
  /** Take any free port when `port` is busy (for the default port, not one the user asked for). */
  fallbackPort?: boolean;
  host?: string;
  /** Per-run secret the page sends back on every API call; random unless given (tests). */
  token?: string;
  historyLimit?: number;
  clock?: () => number;
}

export interface Inspector {
  url: string;
  token: string;
  port: number;
  /** Stops the server and closes every page's stream; safe to call twice. */
  close(): Promise<void>;
}

/**
 * The web inspector of `hooks listen`: a page on 127.0.0.1 that lists captured requests live
 * (server-sent events), shows, searches, compares and replays them. It answers only requests
 * addressed to localhost (DNS rebinding) and only acts for a page that knows the run's token.
 */
export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const host = options.host ?? INSPECT_HOST;
  const assets = new StaticAssets(token);
  const api = new InspectorApi({
    storePath: options.feed.storePath,
    replay: options.replay,
    secrets: options.secrets ?? [],
    forwardTo: options.forwardTo,
    routes: options.routes,
    localUrl: options.localUrl,
    historyLimit: options.historyLimit ?? DEFAULT_HISTORY_LIMIT,
    clock: options.clock ?? Date.now,
  });
  const server = createServer((req, res) => {
    handle(req, res, token, assets, api).catch((error: unknown) => {
      if (!res.headersSent) respondJson(res, 500, { error: (error as Error).message });
      else res.destroy();
    });
  });
  const port = await listen(
    server,
    host,
    options.port ?? DEFAULT_INSPECT_PORT,
    options.fallbackPort,
  );
  const unsubscribe = options.feed.subscribe((record) => api.captured(record));
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe();
        api.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  assets: StaticAssets,
  api: InspectorApi,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
  const verdict = checkRequest(req, url, token);
  if (!verdict.ok) return respondJson(res, verdict.status, { error: verdict.message });
  if (url.pathname.startsWith("/api/")) return api.handle(req, res, url);
  if (req.method !== "GET" && req.method !== "HEAD") {
    return respondJson(res, 405, { error: "the page is read with GET" });
  }
  const name = url.pathname === "/" ? "index.html" : url.pathname.replace(/^\/assets\//, "");
  const asset =
    url.pathname === "/" || url.pathname.startsWith("/assets/")
      ? await assets.get(name)
      : undefined;
  if (!asset) return respondJson(res, 404, { error: `no such page: ${url.pathname}` });
  res.writeHead(200, {
    "content-type": asset.type,
    "content-length": asset.body.length,
    "cache-control": "no-store",
    // Everything the page needs is served from here; nothing may be loaded or posted elsewhere.
    "content-security-policy":
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(req.method === "HEAD" ? undefined : asset.body);
}

async function listen(
  server: Server,
  host: string,
  port: number,
  fallback = false,
): Promise<number> {
  try {
    return await bind(server, host, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && fallback && port !== 0) return bind(server, host, 0);
    if (code === "EADDRINUSE") {
      throw new UsageError(
        `inspector port ${port} on ${host} is already in use; pass --inspect-port <n> (0 for any free port) or --no-inspect`,
      );
    }
    if (code === "EACCES") {
      throw new UsageError(
        `not allowed to serve the inspector on port ${port}; pass --inspect-port 1024 or higher`,
      );
    }
    throw error;
  }
}

function bind(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
