import { isUtf8 } from "node:buffer";
import { EventEmitter } from "node:events";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "../errors.js";
import { detectProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import type { RequestRecord } from "../store/event-store-record.js";
import { lowerCaseHeaders, type HeaderMap } from "../util/headers.js";
import { analyseRequest, type Analysis } from "./analyse-request.js";
import { DuplicateIndex } from "./duplicate-index.js";
import { describeForwardError, forwardUrl, type Forwarder } from "./forward.js";
import { readBody, type ReadBody } from "./read-body.js";
import { newRequestId } from "./request-id.js";
import { formatLocalUrl, requestUrl } from "./request-url.js";

export const DEFAULT_PORT = 4665;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY = 25 * 1024 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** How long close() lets requests in flight finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

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
  headersTimeoutMs?: number;
  /** `--provider`; detected from each request's headers when left out. */
  provider?: Provider | undefined;
  secrets?: readonly string[];
  /** The public URL right now (a restarted quick tunnel gets a new one), or null. */
  publicUrl?: () => string | null;
  forwardTo?: string | undefined;
  /** Required with forwardTo (src/listener/forward.ts createForwarder). */
  forwarder?: Forwarder | undefined;
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

export interface ListenerEvents {
  /** A request was read and analysed; it is being answered. */
  request: [arrival: Arrival];
  /** A request was stored and is being answered; `line` is its JSON line, as stored. */
  response: [record: RequestRecord, line: string];
  /** A connection sent something that is not HTTP, or too slowly: answered 400/408/431. */
  "client-error": [info: ClientErrorInfo];
  /** A request could not be stored: answered 500 so that the sender retries it. */
  "store-error": [info: { id: string; message: string }];
}

/**
 * The HTTP listener: accepts any method and path, keeps the raw body, checks the signature,
 * stores the request and only then answers it. Everything it sees is emitted as events
 * (ListenerEvents) for a renderer, `--expect`, or a web inspector to consume.
 */
export class Listener extends EventEmitter<ListenerEvents> {
  private active = 0;
  private drained: (() => void) | undefined;
  private readonly duplicates: DuplicateIndex;
  private closing: Promise<void> | undefined;
  readonly localUrl: string;
  readonly port: number;

  private constructor(
    private readonly server: Server,
    private readonly options: ListenerOptions,
    readonly host: string,
  ) {
    super();
    this.duplicates = new DuplicateIndex(options.duplicateCapacity);
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : (options.port ?? 0);
    this.localUrl = formatLocalUrl(host, this.port);
  }

  static async start(options: ListenerOptions): Promise<Listener> {
    const host = options.host ?? DEFAULT_HOST;
    const port = options.port ?? DEFAULT_PORT;
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const server = createServer({
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, 300_000),
      // Node checks the timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw listenError(error, host, port);
    });
    const listener = new Listener(server, options, host);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => listener.handle(req, res));
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) =>
      listener.clientError(error, socket),
    );
    return listener;
  }

  /** Stops accepting, lets requests in flight finish (briefly), then closes; safe twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      if (this.active > 0) {
        const grace = new AbortController();
        await Promise.race([
          new Promise<void>((resolve) => (this.drained = resolve)),
          sleep(CLOSE_GRACE_MS, undefined, { signal: grace.signal }).catch(() => {}),
        ]);
        grace.abort();
      }
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }

  /** Requests read but not answered yet. */
  get inFlight(): number {
    return this.active;
  }

  // The path of a request is written with callbacks rather than async/await: it runs for every
  // request, and promises per step cost a measurable share of the listener's throughput.
  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const receivedAt = (this.options.clock ?? Date.now)();
    this.active += 1;
    readBody(req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY, (read) => {
      try {
        this.received(req, res, read, started, receivedAt);
      } catch (error) {
        this.fail(res, error);
      }
    });
  }

  private received(
    req: IncomingMessage,
    res: ServerResponse,
    { body, bytes, tooLarge }: ReadBody,
    started: number,
    receivedAt: number,
  ): void {
    const id = (this.options.newId ?? newRequestId)(receivedAt);
    const maxBody = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const headers = requestHeaders(req);
    const path = req.url ?? "/";
    const text = isUtf8(body) ? body.toString("utf8") : undefined;
    const url = requestUrl(headers, path, this.localUrl, this.options.publicUrl?.());
    const analysis: Analysis = tooLarge
      ? {
          provider: this.options.provider ?? detectProvider(headers),
          signature: {
            status: "unchecked",
            reason: `body of ${bytes} bytes is over the ${maxBody}-byte limit (--max-body); not read`,
          },
        }
      : analyseRequest({
          headers,
          body,
          text,
          url,
          provider: this.options.provider,
          secrets: this.options.secrets ?? [],
          now: Math.floor(receivedAt / 1000),
        });
    const arrival: Arrival = {
      type: "request",
      id,
      receivedAt: isoTime(receivedAt),
      method: req.method ?? "GET",
      path,
      url,
      headers,
      body: text ?? body.toString("base64"),
      bodyEncoding: text === undefined ? "base64" : "utf8",
      bodyBytes: bytes,
      provider: analysis.provider?.id ?? null,
      signature: analysis.signature,
    };
    if (analysis.eventType !== undefined) arrival.eventType = analysis.eventType;
    if (analysis.eventId !== undefined) arrival.eventId = analysis.eventId;
    if (analysis.verificationCode !== undefined) {
      arrival.verificationCode = analysis.verificationCode;
    }
    if (analysis.duplicateKey !== undefined) {
      const first = this.duplicates.check(analysis.duplicateKey, id);
      if (first !== undefined) arrival.duplicateOf = first;
    }
    const remoteAddress = req.socket.remoteAddress;
    if (remoteAddress) arrival.remoteAddress = remoteAddress;
    this.emit("request", arrival);

    if (tooLarge) return this.store(res, arrival, tooLargeAnswer(maxBody), started);
    if ((this.options.delayMs ?? 0) === 0 && !this.options.forwardTo) {
      return this.store(res, arrival, { status: this.options.status ?? 200, body: "" }, started);
    }
    this.answer(arrival.method, path, headers, body).then(
      (answer) => this.store(res, arrival, answer, started),
      (error: unknown) => this.fail(res, error),
    );
  }

  /** Appends the record, and only once the OS has it, answers. */
  private store(res: ServerResponse, arrival: Arrival, answer: Answer, started: number): void {
    // The arrival becomes the record: one object per request, not a copy.
    const record = arrival as RequestRecord;
    record.response = {
      status: answer.status,
      durationMs: Math.round(performance.now() - started),
    };
    if (answer.forward) record.forward = answer.forward;
    const line = JSON.stringify(record);
    this.options.store.append(line, (error) => {
      if (error) {
        const message = `could not store the request: ${error.message}`;
        this.emit("store-error", { id: record.id, message });
        return this.send(res, 500, TEXT, `hooks: ${message}\n`);
      }
      this.emit("response", record, line);
      this.send(res, answer.status, answer.headers, answer.body, record.id);
    });
  }

  private send(
    res: ServerResponse,
    status: number,
    headers: OutgoingHttpHeaders | undefined,
    body: string | Buffer,
    id?: string,
  ): void {
    this.active -= 1;
    if (this.active === 0) this.drained?.();
    if (res.destroyed) return;
    const raw: string[] = [];
    if (headers) {
      for (const [name, value] of Object.entries(headers)) {
        if (Array.isArray(value)) for (const one of value) raw.push(name, one);
        else if (value !== undefined) raw.push(name, String(value));
      }
    }
    if (id !== undefined) raw.push("x-hooks-request-id", id);
    // These statuses carry no body, and say so by carrying no Content-Length either.
    const bodyless = status < 200 || status === 204 || status === 304;
    if (!bodyless) raw.push("content-length", String(Buffer.byteLength(body)));
    res.writeHead(status, raw);
    res.end(bodyless ? undefined : body);
  }

  private fail(res: ServerResponse, error: unknown): void {
    // A bug must cost one request, never the listener.
    if (res.headersSent) {
      this.active -= 1;
      res.destroy();
      return;
    }
    this.send(res, 500, TEXT, `hooks: internal error: ${(error as Error).message}\n`);
  }

  private async answer(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<Answer> {
    const delayMs = this.options.delayMs ?? 0;
    if (delayMs > 0) await sleep(delayMs);
    const { forwardTo, forwarder } = this.options;
    if (!forwardTo || !forwarder) return { status: this.options.status ?? 200, body: "" };
    const target = forwardUrl(forwardTo, path);
    const started = performance.now();
    try {
      const response = await forwarder.send(target, { method, headers, body });
      const durationMs = Math.round(performance.now() - started);
      return {
        status: response.status,
        headers: response.headers,
        body: response.body,
        forward: { url: target, status: response.status, durationMs },
      };
    } catch (error) {
      const message = describeForwardError(target, error);
      return {
        status: 502,
        headers: { "content-type": "text/plain" },
        body: `hooks: ${message}\n`,
        forward: {
          url: target,
          durationMs: Math.round(performance.now() - started),
          error: message,
        },
      };
    }
  }

  private clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    const remoteAddress = socket.remoteAddress;
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? 408
        : error.code === "HPE_HEADER_OVERFLOW"
          ? 431
          : 400;
    const reason =
      status === 408
        ? "Request Timeout"
        : status === 431
          ? "Request Header Fields Too Large"
          : "Bad Request";
    const message =
      status === 408
        ? "a client did not finish sending its request in time"
        : `a client sent a malformed request (${error.code ?? error.message})`;
    this.emit("client-error", { status, message, remoteAddress });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
}

/**
 * Node already lower-cases header names and joins repeated headers, except a few it keeps as
 * arrays (set-cookie): the object is used as it is unless it has one of those.
 */
function requestHeaders(req: IncomingMessage): HeaderMap {
  const headers = req.headers;
  for (const name in headers) {
    if (typeof headers[name] !== "string") return lowerCaseHeaders(headers);
  }
  return headers as HeaderMap;
}

const TEXT: OutgoingHttpHeaders = { "content-type": "text/plain" };

let lastIsoMs = Number.NaN;
let lastIso = "";

/** `toISOString()` of a time in ms, made once per millisecond (many requests share one). */
function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIsoMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

interface Answer {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: string | Buffer;
  forward?: RequestRecord["forward"];
}

function tooLargeAnswer(maxBody: number): Answer {
  return {
    status: 413,
    headers: { "content-type": "text/plain", connection: "close" },
    body: `hooks: body over the ${maxBody}-byte limit (--max-body)\n`,
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === "EADDRINUSE") {
    return new UsageError(
      `port ${port} on ${host} is already in use; pass --port <n> (or --port 0 for any free port)`,
    );
  }
  if (error.code === "EACCES") {
    return new UsageError(`not allowed to listen on port ${port}; pass --port 1024 or higher`);
  }
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
    return new UsageError(`cannot listen on --host ${host}: no such local address`);
  }
  return error;
}

/** Starts a listener; see Listener. */
export function startListener(options: ListenerOptions): Promise<Listener> {
  return Listener.start(options);
}
