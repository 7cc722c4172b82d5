import { el, statusClass, statusText, timeOf } from "./format.js";

/** The request rows: built once per recycled slot, filled per entry. */
export function createRow() {
  return el(
    "div",
    { class: "row", role: "option" },
    el("span", { class: "c-time" }),
    el("span", { class: "c-method" }),
    el("span", { class: "c-path" }),
    el("span", { class: "c-provider" }),
    el("span", { class: "c-event" }),
    el("span", { class: "c-sig" }),
    el("span", { class: "c-status" }),
    el("span", { class: "c-badges" }),
  );
}

export function renderRow(row, entry) {
  const [time, method, path, provider, event, signature, status, badges] = row.children;
  row.dataset.id = entry.id;
  time.textContent = timeOf(entry.receivedAt);
  time.title = entry.receivedAt;
  method.textContent = entry.method;
  method.className = `c-method m-${entry.method.toLowerCase()}`;
  path.textContent = entry.path;
  path.title = entry.target ? `${entry.path} → ${entry.target}` : entry.path;
  provider.textContent = entry.provider ?? "—";
  event.textContent = entry.eventType ?? "";
  event.title = entry.eventId
    ? `${entry.eventType ?? ""} ${entry.eventId}`
    : (entry.eventType ?? "");
  signature.textContent = entry.signature;
  signature.className = `c-sig sig sig-${entry.signature}`;
  status.textContent = statusText(entry.status);
  status.className = `c-status status ${statusClass(entry.status)}`;
  status.title = entry.error ?? (entry.durationMs !== undefined ? `${entry.durationMs} ms` : "");
  badges.replaceChildren(...entryBadges(entry));
}

/** The handshakes the listener knows (the record's `handshake`), in words. */
const HANDSHAKES = {
  slack_url_verification: "Slack's url_verification",
  clover_verification: "Clover's verification POST",
};

/** Small labels for what deserves a second look: handshakes, redeliveries, Clover codes, replays, failures. */
export function entryBadges(entry) {
  const out = [];
  if (entry.verificationCode) {
    out.push(
      el("span", {
        class: "badge badge-code",
        title: `Clover verification code ${entry.verificationCode}`,
        text: "code",
      }),
    );
  }
  if (entry.handshake) {
    const what = HANDSHAKES[entry.handshake] ?? entry.handshake;
    const how = entry.handshakeSkipped
      ? `not answered by hooks: ${entry.handshakeSkipped}`
      : "answered by hooks";
    out.push(
      el("span", { class: "badge badge-handshake", title: `${what}, ${how}`, text: "handshake" }),
    );
  }
  if (entry.duplicateOf) {
    out.push(
      el("span", {
        class: "badge badge-dup",
        title: `duplicate of ${entry.duplicateOf}`,
        text: "dup",
      }),
    );
  }
  if (entry.replayOf) {
    out.push(
      el("span", {
        class: "badge badge-replay",
        title: `replay of ${entry.replayOf}`,
        text: "replay",
      }),
    );
  }
  if (entry.error)
    out.push(el("span", { class: "badge badge-error", title: entry.error, text: "failed" }));
  return out;
}

/** True when an entry passes the filters; `matches` is the set of ids the text search found. */
export function passes(entry, filters, matches) {
  if (filters.provider && (entry.provider ?? "none") !== filters.provider) return false;
  if (filters.signature && entry.signature !== filters.signature) return false;
  if (filters.status) {
    if (filters.status === "none" ? entry.status : statusClass(entry.status) !== filters.status)
      return false;
  }
  if (matches && !matches.has(entry.id)) return false;
  return true;
}
