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
import { DEFAULT_PORT } from "../config/resolve.js";
import { detectProvider } from "../providers/index.js";
import { serializeRecord, type RequestRecord } from "../store/event-store-record.js";
import { storedHeaders } from "../store/header-bytes.js";
import { lowerCaseHeaders, type HeaderMap } from "../util/headers.js";
import type {
  Arrival,
  ClientErrorInfo,
  ListenerEvents,
  ListenerOptions,
  RecordSink,
} from "./listener-types.js";
import { analyseRequest, type Analysis } from "./analyse-request.js";
import { DuplicateIndex } from "./duplicate-index.js";
import { drainBody, readBody, type InFlight, type ReadBody } from "./read-body.js";
import {
  busyAnswer,
  classifyClientError,
  listenError,
  produceAnswer,
  tooLargeAnswer,
  type Answer,
} from "./answer.js";
import { newRequestId } from "./request-id.js";
import { formatLocalUrl, requestUrl } from "./request-url.js";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY = 25 * 1024 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Room for a few bodies of the largest size at once, and never less than this floor. */
export const IN_FLIGHT_BODIES = 4;
const MIN_IN_FLIGHT = 16 * 1024 * 1024;

/** --max-in-flight when not given: IN_FLIGHT_BODIES bodies of --max-body. */
export function defaultMaxInFlight(maxBody: number): number {
  return Math.max(IN_FLIGHT_BODIES * maxBody, MIN_IN_FLIGHT);
}
/** How long close() lets requests in flight finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

export type { Arrival, ClientErrorInfo, ListenerEvents, ListenerOptions, RecordSink };

/**
 * The HTTP listener: accepts any method and path, keeps the raw body, checks the signature,
 * stores the request and only then answers it. Everything it sees is emitted as events
 * (ListenerEvents) for a renderer, `--expect`, or a web inspector to consume.
 */
export class Listener extends EventEmitter<ListenerEvents> {
  private active = 0;
  private drained: (() => void) | undefined;
  private readonly duplicates: DuplicateIndex;
  private readonly inFlight: InFlight;
  private readonly maxBody: number;
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
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.inFlight = {
      bytes: 0,
      limit: options.maxInFlightBytes ?? defaultMaxInFlight(this.maxBody),
    };
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
    // `Expect: 100-continue` is answered only once the body is known to fit, so that a body
    // refused with 413 or 503 is never sent at all.
    server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) =>
      listener.handle(req, res, () => res.writeContinue()),
    );
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

  // The path of a request is written with callbacks rather than async/await: it runs for every
  // request, and promises per step cost a measurable share of the listener's throughput.
  private handle(req: IncomingMessage, res: ServerResponse, accepted?: () => void): void {
    const started = performance.now();
    const receivedAt = (this.options.clock ?? Date.now)();
    this.active += 1;
    readBody(
      req,
      this.maxBody,
      this.inFlight,
      (read) => {
        try {
          this.received(req, res, read, started, receivedAt);
        } catch (error) {
          this.fail(req, res, error, read.held);
        }
      },
      accepted,
    );
  }

  private received(
    req: IncomingMessage,
    res: ServerResponse,
    { body, bytes, refused, aborted, held }: ReadBody,
    started: number,
    receivedAt: number,
  ): void {
    const id = (this.options.newId ?? newRequestId)(receivedAt);
    const headers = requestHeaders(req);
    const path = req.url ?? "/";
    const text = isUtf8(body) && !escapesHeavily(body) ? body.toString("utf8") : undefined;
    const url = requestUrl(headers, path, this.localUrl, this.options.publicUrl?.());
    const unread = refused !== undefined || aborted;
    const analysis: Analysis = unread
      ? {
          provider: detectProvider(headers) ?? this.options.provider,
          signature: { status: "unchecked", reason: this.unreadReason(bytes, refused) },
        }
      : analyseRequest({
          headers,
          body,
          text,
          url,
          provider: this.options.provider,
          providerFrom: this.options.providerFrom,
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
      ...storedHeaders(headers),
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

    if (refused === "too-large") {
      return this.store(req, res, arrival, tooLargeAnswer(this.maxBody), started, held);
    }
    if (refused === "busy") {
      return this.store(req, res, arrival, busyAnswer(this.inFlight.limit), started, held);
    }
    // Cut off mid-body: kept (nothing captured is lost), but never answered, so no `response`.
    if (aborted) return this.store(req, res, arrival, undefined, started, held);
    if ((this.options.delayMs ?? 0) === 0 && !this.options.forwardTo) {
      const answer = { status: this.options.status ?? 200, body: "" };
      return this.store(req, res, arrival, answer, started, held);
    }
    produceAnswer(this.options, arrival.method, path, headers, body).then(
      (answer) => this.store(req, res, arrival, answer, started, held),
      (error: unknown) => this.fail(req, res, error, held),
    );
  }

  private unreadReason(bytes: number, refused: ReadBody["refused"]): string {
    if (refused === "too-large") {
      return `body of ${bytes} bytes is over the ${this.maxBody}-byte limit (--max-body); not read`;
    }
    if (refused === "busy") {
      return `body of ${bytes} bytes did not fit in the ${this.inFlight.limit} bytes of bodies in flight (--max-in-flight); not read, answered 503`;
    }
    return `the sender went away after ${bytes} bytes of the body; not checked, not answered`;
  }

  /**
   * Appends the record, and only once the OS has it, answers (`answer` is undefined for a
   * request cut off mid-body: there is no one to answer).
   */
  private store(
    req: IncomingMessage,
    res: ServerResponse,
    arrival: Arrival,
    answer: Answer | undefined,
    started: number,
    held: number,
  ): void {
    // The arrival becomes the record: one object per request, not a copy.
    const record = arrival as RequestRecord;
    if (answer) {
      record.response = {
        status: answer.status,
        durationMs: Math.round(performance.now() - started),
      };
      if (answer.forward) record.forward = answer.forward;
    } else {
      record.aborted = true;
    }
    const failed = (error: Error): void => {
      const message = `could not store the request: ${error.message}`;
      if (record.response) record.response.status = 500;
      this.emit("store-error", { id: record.id, message, record });
      // A sender that went away mid-body has no one to answer.
      if (!answer) return this.release(held);
      this.send(req, res, 500, TEXT, `hooks: ${message}\n`, held);
    };
    let line: string;
    try {
      line = serializeRecord(record);
    } catch (error) {
      return failed(error as Error);
    }
    this.options.store.append(line, (error) => {
      if (error) return failed(error);
      this.emit("response", record, line);
      if (!answer) return this.release(held);
      this.send(req, res, answer.status, answer.headers, answer.body, held, record.id);
    });
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: OutgoingHttpHeaders | undefined,
    body: string | Buffer,
    held: number,
    id?: string,
  ): void {
    this.release(held);
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
    if (req.complete) {
      res.writeHead(status, raw);
      res.end(bodyless ? undefined : body);
      return;
    }
    // Answered before the body was read (413, 503): the whole answer goes out now, the rest of
    // the body is read and dropped (bounded), and only then is the connection closed.
    raw.push("connection", "close");
    res.writeHead(status, raw);
    if (!bodyless) res.write(body);
    drainBody(req, () => res.end());
  }

  /** The request is done with: its body's bytes no longer count as in flight. */
  private release(held: number): void {
    this.active -= 1;
    this.inFlight.bytes -= held;
    if (this.active === 0) this.drained?.();
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown, held: number): void {
    // A bug must cost one request, never the listener.
    if (res.headersSent) {
      this.release(held);
      res.destroy();
      return;
    }
    this.send(req, res, 500, TEXT, `hooks: internal error: ${(error as Error).message}\n`, held);
  }

  private clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    const remoteAddress = socket.remoteAddress;
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = classifyClientError(error);
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

/** Bodies this small are kept as text whatever they hold: their line stays small anyway. */
const SCANNED_FROM = 64 * 1024;

/**
 * Whether a body's JSON string would be more than twice its size: control characters become six
 * (`\u0001`), so 25 MiB of them make a 150 MiB line, held several times over as it is stored and
 * printed. Such a body is kept as base64 (4/3 of its size), byte-exact all the same.
 */
function escapesHeavily(body: Buffer): boolean {
  if (body.length < SCANNED_FROM) return false;
  let extra = 0;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i] as number;
    // \b \t \n \f \r have two-character escapes, the other control characters six.
    if (byte < 0x20) extra += byte >= 0x08 && byte <= 0x0d && byte !== 0x0b ? 1 : 5;
    else if (byte === 0x22 || byte === 0x5c) extra += 1;
  }
  return extra > body.length;
}

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

/** Starts a listener; see Listener. */
export function startListener(options: ListenerOptions): Promise<Listener> {
  return Listener.start(options);
}
