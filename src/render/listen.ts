import chalk from "chalk";
import type { ListenOptions } from "../listener/listen-options.js";
import type { ListenSession, ReadyInfo } from "../listener/listen-session.js";
import type { HoldStatus, Redelivery } from "../listener/hold.js";
import type { TunnelStatus } from "../tunnel/tunnel-status.js";
import type { RegistrationStatus } from "../webhooks/register.js";
import type { Arrival } from "../listener/listener.js";
import { serializeRecord, type RequestRecord } from "../store/event-store-record.js";
import { printableLine, redactRecord, secretHeaderNames } from "../store/redact-record.js";
import { printable } from "./printable.js";
import { maskSecret, redact, redactUrl } from "../util/secrets.js";
import { box } from "./box.js";
import { JsonLines } from "./json-lines.js";
import { describeSignature, eventLabel } from "./capture-labels.js";

export interface ListenRenderer {
  /** Writes whatever is still buffered (call before the summary and on exit). */
  flush(): void;
}

/** `--json`: the contract's NDJSON lines (ready, request, tunnel) on stdout, nothing else. */
export function renderListenJson(
  session: ListenSession,
  secrets: readonly string[],
  out = new JsonLines(),
): ListenRenderer {
  const hidden = secretHeaderNames();
  session.on("ready", (info) => out.object({ type: "ready", ...info }));
  const print = (record: RequestRecord, line: string): void => {
    try {
      // The stored line goes out as it is unless it would show a secret (Clover's auth header).
      out.line(printableLine(record, line, secrets, hidden));
    } catch {
      // Masking a body too long to re-serialise: the line goes out without it.
      out.object(redactRecord({ ...record, body: "", bodyOmitted: true }, secrets));
    }
  };
  // --events: the rest are stored and counted in the summary, not shown.
  session.on("response", (record, line) => {
    if (!record.filtered) print(record, line);
  });
  // A request the store could not keep is still a `request` line: answered 500, and why.
  session.on("store-error", ({ record, message }) => {
    const failed = { ...record, stored: false as const, storeError: message };
    let line: string;
    try {
      line = serializeRecord(failed);
    } catch {
      line = JSON.stringify({ ...failed, body: "", bodyOmitted: true });
    }
    print(failed, line);
  });
  session.on("tunnel", (status) => {
    if (status.status === "starting") return;
    const { status: state, publicUrl, message } = status;
    out.object({ type: "tunnel", status: state, publicUrl, message });
  });
  session.on("registration", (status) => out.object(status));
  session.on("redelivery", (redelivery) =>
    out.object({ ...redelivery, url: redactUrl(redelivery.url, secrets) }),
  );
  session.on("hold", (status) => out.object({ ...status, replay: REPLAY_FAILED }));
  return { flush: () => out.flush() };
}

/** For people: a banner, then `-->` / `<--` lines per request like `stripe listen`. */
export async function renderListenHuman(
  session: ListenSession,
  options: ListenOptions,
  stream: NodeJS.WriteStream = process.stdout,
): Promise<ListenRenderer> {
  const write = (text: string): void => void stream.write(`${text}\n`);
  const spinner = process.stderr.isTTY ? await createSpinner() : undefined;

  session.on("tunnel", (status) => {
    if (status.status === "starting" && spinner) {
      spinner.start(`${printable(status.message)}…`);
      return;
    }
    spinner?.stop();
    if (status.status === "starting") return;
    write(formatTunnel(status, Boolean(options.register)));
  });
  session.on("ready", (info) => write(formatBanner(info, options)));
  session.on("registration", (status) => write(formatRegistration(status)));
  const { secrets } = options;
  session.on("request", (arrival) => {
    if (arrival.filtered) return;
    // The line shows no body: leave it out rather than search it for secrets.
    const shown = redactRecord({ ...arrival, body: "" }, secrets);
    write(formatArrival(shown));
    if (shown.verificationCode !== undefined) write(formatVerificationCode(shown.verificationCode));
  });
  // Answers of concurrent requests interleave: both lines carry the request's short id.
  session.on("response", (record) => {
    if (record.filtered) return;
    write(formatResponse(record, secrets));
  });
  // Their messages may quote what a client sent.
  const said = (message: string): string => printable(redact(message, secrets));
  session.on("client-error", (info) =>
    write(
      `${time()}  ${chalk.yellow("!!!")} ${said(info.message)} ${chalk.dim(`(answered ${info.status})`)}`,
    ),
  );
  session.on("store-error", (info) =>
    write(
      `${time()}  ${chalk.red("!!!")} ${said(info.message)} ${chalk.dim(`(${info.id} answered 500)`)}`,
    ),
  );
  session.on("redelivery", (redelivery) => write(formatRedelivery(redelivery, secrets)));
  session.on("hold", (status) => write(formatHold(status)));
  session.on("forward-hint", (hint) =>
    write(`${time()}  ${chalk.yellow("hint")} ${printable(hint)}`),
  );
  return { flush: () => spinner?.stop() };
}

function formatBanner(info: ReadyInfo, options: ListenOptions): string {
  const rows: string[] = [];
  const label = (name: string): string => chalk.dim(name.padEnd(10));
  rows.push(
    `${chalk.green("Ready!")} hooks is listening on ${chalk.bold(info.localUrl)} ${chalk.dim("(Ctrl-C to stop)")}`,
  );
  if (info.publicUrl) {
    rows.push(
      `${label("public")}${chalk.bold.cyan(info.publicUrl)}  ${chalk.dim(
        options.register
          ? `<- --register points the provider at ${options.register.path} here`
          : "<- set this as the webhook URL in your provider's dashboard",
      )}`,
    );
  } else if (options.tunnel === "none") {
    rows.push(
      `${label("public")}${chalk.dim("none (--tunnel none): reachable from this machine only")}`,
    );
  }
  rows.push(`${label("provider")}${describeProvider(options)}`);
  rows.push(
    `${label("secret")}${
      options.secrets.length > 0
        ? options.secrets.map(maskSecret).join(", ")
        : options.register
          ? chalk.dim("the subscription's, once --register has it")
          : chalk.dim("none: signatures are shown as unchecked (pass --secret to check them)")
    }`,
  );
  for (const route of options.routes) {
    const url = redactUrl(route.url, options.secrets);
    const rule = route.kind === "catch-all" ? "" : `${printable(route.rule)} -> `;
    rows.push(`${label("forward")}${rule}${url}`);
  }
  if (options.events.length > 0) {
    rows.push(
      `${label("events")}${printable(options.events.join(", "))}  ${chalk.dim("<- the others are stored and counted, not shown or forwarded")}`,
    );
  }
  if (options.status !== 200 || options.delayMs > 0) {
    rows.push(
      `${label("answer")}${options.status}${options.delayMs > 0 ? ` after ${options.delayMs} ms` : ""}`,
    );
  }
  rows.push(`${label("store")}${info.store}`);
  if (info.inspectUrl) {
    rows.push(
      `${label("inspect")}${chalk.bold(info.inspectUrl)}  ${chalk.dim("<- see, search, compare and replay requests in your browser")}`,
    );
  }
  return rows.join("\n");
}

/**
 * `square (from profile "default")`: the expected provider labels requests whose headers name
 * none; headers that name another provider still win, with a note on that request's line.
 */
function describeProvider(options: Pick<ListenOptions, "provider" | "providerFrom">): string {
  if (!options.provider) return `any ${chalk.dim("(detected per request)")}`;
  const from = options.providerFrom ? ` (from ${options.providerFrom})` : "";
  return `${options.provider.id}${from}  ${chalk.dim("<- for unsigned requests; other providers' signatures are detected per request")}`;
}

/** cloudflared's own words and URL: another program's output, shown with control characters escaped. */
function formatTunnel(status: TunnelStatus, registering: boolean): string {
  if (status.status === "up" && status.previousUrl) {
    return chalk.yellow(
      box(
        [
          chalk.bold("The tunnel restarted and its public URL CHANGED:"),
          "",
          `  ${chalk.bold.cyan(printable(status.publicUrl ?? ""))}`,
          "",
          `The old one (${printable(status.previousUrl)}) no longer works:`,
          registering
            ? "--register is pointing the subscription at the new one."
            : "update the webhook URL in your provider's dashboard.",
        ],
        chalk.yellow,
      ),
    );
  }
  if (status.status === "up")
    return `${time()}  ${chalk.green("tunnel up")} ${printable(status.publicUrl ?? "")}`;
  return `${time()}  ${chalk.yellow("!!!")} ${printable(status.message)}`;
}

/** `arrival` is redacted already (redactRecord); what it holds came from the sender. */
function formatArrival(arrival: Arrival): string {
  const parts = [
    `${time()}  ${tag(arrival.id)} ${chalk.cyan("-->")} ${printable(arrival.method)} ${printable(arrival.path)}`,
  ];
  const event = eventLabel(arrival);
  if (event) parts.push(event);
  if (arrival.eventId) parts.push(chalk.dim(printable(arrival.eventId)));
  parts.push(describeSignature(arrival.signature, arrival.provider === null));
  // An invalid or unsigned line already shows the reason, which holds the note.
  if (arrival.signature.note && arrival.signature.status === "valid") {
    parts.push(chalk.yellow(`(${printable(arrival.signature.note)})`));
  }
  if (arrival.duplicateOf) parts.push(chalk.yellow(`duplicate of ${arrival.duplicateOf}`));
  if (arrival.handshake) parts.push(formatHandshake(arrival));
  // The rule came from the command line; null: forwarding is on but no rule took it.
  if (arrival.route === null) parts.push(chalk.yellow("no route matched: answered by hooks"));
  else if (arrival.route !== undefined) parts.push(chalk.dim(`route ${printable(arrival.route)}`));
  return parts.join("  ");
}

/** The listener's own words (src/listener/handshakes.ts), not the sender's. */
function formatHandshake({ handshake, handshakeSkipped }: Arrival): string {
  const name = handshake === "slack_url_verification" ? "Slack handshake" : "Clover handshake";
  if (handshakeSkipped) return chalk.yellow(`${name} not answered here: ${handshakeSkipped}`);
  return chalk.green(
    handshake === "slack_url_verification"
      ? `${name}: answered 200 with the challenge`
      : `${name}: answered 200, code below`,
  );
}

function formatResponse(record: RequestRecord, secrets: readonly string[]): string {
  const response = record.response;
  if (!response) {
    return `${time()}  ${tag(record.id)} ${chalk.yellow("xxx")} the sender went away mid-body, not answered (stored)`;
  }
  const status = response.status;
  const colour = status >= 500 ? chalk.red : status >= 400 ? chalk.yellow : chalk.green;
  const parts = [
    `${time()}  ${tag(record.id)} ${chalk.cyan("<--")} ${colour(String(status))} (${response.durationMs} ms)`,
  ];
  const forward = record.forward;
  // The forward target's error may quote what it answered.
  if (forward?.error) parts.push(chalk.red(printable(redact(forward.error, secrets))));
  else if (forward) {
    const from = printable(redactUrl(forward.url, secrets));
    parts.push(chalk.dim(`from ${from} (${forward.durationMs} ms)`));
  }
  if (record.hold) parts.push(chalk.yellow("held: redelivered once your app answers"));
  return parts.join("  ");
}

/** What `--hold` leaves is in the store; this command sends it on. */
const REPLAY_FAILED = "hooks events replay --failed";

function formatRedelivery(redelivery: Redelivery, secrets: readonly string[]): string {
  const status = redelivery.status;
  const colour = status >= 400 ? chalk.yellow : chalk.green;
  const tries = redelivery.attempts > 1 ? `, ${redelivery.attempts} tries` : "";
  const left = redelivery.pending > 0 ? `; ${redelivery.pending} still held` : "";
  const to = printable(redactUrl(redelivery.url, secrets));
  return `${time()}  ${chalk.cyan(">>>")} redelivered ${redelivery.id}  ${colour(String(status))} ${chalk.dim(`from ${to} (${redelivery.durationMs} ms${tries})${left}`)}`;
}

function formatHold(status: HoldStatus): string {
  if (status.status === "restored") {
    return `${time()}  ${chalk.yellow("!!!")} ${status.pending} request(s) held by an earlier run: redelivering them first, in order`;
  }
  return `${time()}  ${chalk.yellow("!!!")} ${status.pending} request(s) still held (stored, pending): send them with \`${REPLAY_FAILED}\`, or run \`hooks listen --hold\` again`;
}

/**
 * The last 6 characters of the request id, in the same column of its `-->` and `<--` lines, so
 * that answers of concurrent requests can be matched to their arrivals. Not a per-run counter:
 * these characters are the id's random part (its beginning is the time, shared by requests of
 * one millisecond), so two requests in flight share them about once in 2 billion pairs, and they
 * find the request again in `hooks events list`, the store and the inspector, where a counter
 * would mean nothing outside this terminal.
 */
export function shortId(id: string): string {
  return id.slice(-SHORT_ID_LENGTH);
}

const SHORT_ID_LENGTH = 6;

function tag(id: string): string {
  return chalk.dim(`[${printable(shortId(id))}]`);
}

function formatVerificationCode(code: string): string {
  return chalk.green(
    box(
      [
        chalk.bold("Clover verification code"),
        "",
        `  ${chalk.bold.cyan(printable(code))}`,
        "",
        "Paste it in the Clover Developer Dashboard: Your Apps > your app > App Settings >",
        "Webhooks, Verification Code field, then click Verify, then Save.",
      ],
      chalk.green,
    ),
  );
}

function time(): string {
  return chalk.dim(new Date().toTimeString().slice(0, 8));
}

async function createSpinner() {
  const { default: ora } = await import("ora");
  return ora({ stream: process.stderr });
}

/** Loud, as the tunnel's new URL is: what the provider now calls (the message came from an API). */
function formatRegistration(status: RegistrationStatus): string {
  const text = printable(status.message);
  if (status.status === "error") return `${time()}  ${chalk.red("!!!")} ${text}`;
  const mark =
    status.status === "updated" || status.status === "created"
      ? chalk.bold.cyan(">>>")
      : chalk.green("✔");
  return `${time()}  ${mark} ${status.provider}: ${text}`;
}
