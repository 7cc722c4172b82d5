import chalk from "chalk";
import type { ListenOptions } from "../listener/listen-options.js";
import type { ListenSession, ReadyInfo } from "../listener/listen-session.js";
import { serializeRecord, type RequestRecord } from "../store/event-store-record.js";
import { printableLine, redactRecord, secretHeaderNames } from "../store/redact-record.js";
import { printable } from "./printable.js";
import { maskSecret, redact, redactUrl } from "../util/secrets.js";
import { JsonLines } from "./json-lines.js";
import {
  formatArrival,
  formatHold,
  formatRedelivery,
  formatRegistration,
  formatResponse,
  formatTunnel,
  formatVerificationCode,
  REPLAY_FAILED,
  time,
} from "./listen-lines.js";

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

async function createSpinner() {
  const { default: ora } = await import("ora");
  return ora({ stream: process.stderr });
}
