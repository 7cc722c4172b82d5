import chalk from "chalk";
import type { HoldStatus, Redelivery } from "../listener/hold.js";
import type { Arrival } from "../listener/listener.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { TunnelStatus } from "../tunnel/tunnel-status.js";
import { redact, redactUrl } from "../util/secrets.js";
import type { RegistrationStatus } from "../webhooks/register.js";
import { box } from "./box.js";
import { describeSignature, eventLabel } from "./capture-labels.js";
import { printable } from "./printable.js";

// The lines `hooks listen` prints for people as things happen (src/render/listen.ts attaches
// them to the session): arrivals and answers, the tunnel, handshakes, --hold, --register.

/** cloudflared's own words and URL: another program's output, shown with control characters escaped. */
export function formatTunnel(status: TunnelStatus, registering: boolean): string {
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
export function formatArrival(arrival: Arrival): string {
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

export function formatResponse(record: RequestRecord, secrets: readonly string[]): string {
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
export const REPLAY_FAILED = "hooks events replay --failed";

export function formatRedelivery(redelivery: Redelivery, secrets: readonly string[]): string {
  const status = redelivery.status;
  const colour = status >= 400 ? chalk.yellow : chalk.green;
  const tries = redelivery.attempts > 1 ? `, ${redelivery.attempts} tries` : "";
  const left = redelivery.pending > 0 ? `; ${redelivery.pending} still held` : "";
  const to = printable(redactUrl(redelivery.url, secrets));
  return `${time()}  ${chalk.cyan(">>>")} redelivered ${redelivery.id}  ${colour(String(status))} ${chalk.dim(`from ${to} (${redelivery.durationMs} ms${tries})${left}`)}`;
}

export function formatHold(status: HoldStatus): string {
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

export function formatVerificationCode(code: string): string {
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

export function time(): string {
  return chalk.dim(new Date().toTimeString().slice(0, 8));
}

/** Loud, as the tunnel's new URL is: what the provider now calls (the message came from an API). */
export function formatRegistration(status: RegistrationStatus): string {
  const text = printable(status.message);
  if (status.status === "error") return `${time()}  ${chalk.red("!!!")} ${text}`;
  const mark =
    status.status === "updated" || status.status === "created"
      ? chalk.bold.cyan(">>>")
      : chalk.green("✔");
  return `${time()}  ${mark} ${status.provider}: ${text}`;
}
