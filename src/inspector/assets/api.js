/* global document, EventSource */
import { historyCollector } from "./history-collector.js";

// Every API call carries the run's token, which only this page (served with it inside) knows.
const token = document.querySelector('meta[name="hooks-token"]')?.getAttribute("content") ?? "";

async function parse(response) {
  const value = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(value.error ?? `HTTP ${response.status}`);
  return value;
}

export async function getJson(path) {
  return parse(await fetch(path, { headers: { "x-hooks-token": token } }));
}

export async function postJson(path, body) {
  return parse(
    await fetch(path, {
      method: "POST",
      headers: { "x-hooks-token": token, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

/** Opens the live stream: a history once per (re)connection, then `entry` per request. */
export function openStream({ onHistory, onEntry, onState }) {
  const source = new EventSource(`/api/stream?token=${encodeURIComponent(token)}`);
  const history = historyCollector(onHistory);
  source.addEventListener("open", () => onState("live"));
  source.addEventListener("error", () => onState("reconnecting"));
  source.addEventListener("history", (event) => history.start(JSON.parse(event.data)));
  source.addEventListener("history-page", (event) => history.page(JSON.parse(event.data)));
  source.addEventListener("entry", (event) => onEntry(JSON.parse(event.data)));
  source.addEventListener("failure", (event) =>
    onState(`error: ${JSON.parse(event.data).message}`),
  );
  return source;
}
