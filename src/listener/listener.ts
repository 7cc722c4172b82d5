import { EventEmitter } from "node:events";
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_PORT } from "../config/resolve.js";
import { serializeRecord, type RequestRecord } from "../store/event-store-record.js";
import type {
  Arrival,
  ClientErrorInfo,
  ListenerEvents,
  ListenerOptions,
  RecordSink,
} from "./listener-types.js";
import { buildArrival, type ArrivalContext } from "./build-arrival.js";
import { DuplicateIndex } from "./duplicate-index.js";
import { defaultMaxInFlight, type InFlight } from "./in-flight.js";
import { readBody, type ReadBody } from "./read-body.js";
import {
  busyAnswer,
  classifyClientError,
  produceAnswer,
  tooLargeAnswer,
  type Answer,
} from "./answer.js";
import { requestHeaders } from "./request-headers.js";
import { formatLocalUrl } from "./request-url.js";
import { answerHandshake } from "./handshakes.js";
import { openServer } from "./open-server.js";
import { writeAnswer } from "./write-answer.js";
import { routeArrival } from "./routes.js";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY = 25 * 1024 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
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
  private readonly inFlight: InFlight;
  private readonly maxBody: number;
  private readonly arrivals: ArrivalContext;
  private closing: Promise<void> | undefined;
  readonly localUrl: string;
  readonly port: number;

  private constructor(
    private readonly server: Server,
    private readonly options: ListenerOptions,
    readonly host: string,
  ) {
    super();
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.inFlight = {
      bytes: 0,
      limit: options.maxInFlightBytes ?? defaultMaxInFlight(this.maxBody),
    };
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : (options.port ?? 0);
    this.localUrl = formatLocalUrl(host, this.port);
    this.arrivals = {
      options,
      localUrl: this.localUrl,
      duplicates: new DuplicateIndex(options.duplicateCapacity),
      maxBody: this.maxBody,
      inFlightLimit: this.inFlight.limit,
    };
  }

  static async start(options: ListenerOptions): Promise<Listener> {
    const host = options.host ?? DEFAULT_HOST;
    const port = options.port ?? DEFAULT_PORT;
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const server = await openServer(host, port, headersTimeout);
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
    read: ReadBody,
    started: number,
    receivedAt: number,
  ): void {
    const { body, refused, aborted, held } = read;
    const headers = requestHeaders(req);
    const arrival = buildArrival(req, headers, read, receivedAt, this.arrivals);
    // Before `request` is emitted, so that the line shows the handshake.
    const handshake = answerHandshake(arrival, this.options);
    // Labelled before it is shown: the `-->` line names the route (or the --events filter). A
    // body refused or cut off is never forwarded, and shown whatever its event.
    const forwardTo =
      refused === undefined && !aborted ? routeArrival(arrival, this.options) : undefined;
    this.emit("request", arrival);

    if (refused === "too-large") {
      return this.store(req, res, arrival, tooLargeAnswer(this.maxBody), started, held);
    }
    if (refused === "busy") {
      return this.store(req, res, arrival, busyAnswer(this.inFlight.limit), started, held);
    }
    // Cut off mid-body: kept (nothing captured is lost), but never answered, so no `response`.
    if (aborted) return this.store(req, res, arrival, undefined, started, held);
    if (handshake) return this.store(req, res, arrival, handshake, started, held);
    if ((this.options.delayMs ?? 0) === 0 && !forwardTo) {
      const answer = { status: this.options.status ?? 200, body: "" };
      return this.store(req, res, arrival, answer, started, held);
    }
    const options =
      forwardTo === this.options.forwardTo ? this.options : { ...this.options, forwardTo };
    produceAnswer(options, arrival.method, arrival.path, headers, body).then(
      (answer) => this.store(req, res, arrival, answer, started, held),
      (error: unknown) => this.fail(req, res, error, held),
    );
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
      if (answer.hold) record.hold = answer.hold;
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
    writeAnswer(req, res, status, headers, body, id);
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

const TEXT: OutgoingHttpHeaders = { "content-type": "text/plain" };

/** Starts a listener; see Listener. */
export function startListener(options: ListenerOptions): Promise<Listener> {
  return Listener.start(options);
}
