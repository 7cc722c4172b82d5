import { getJson } from "./api.js";
import { el } from "./format.js";
import { diffLines, sideBySide } from "./line-diff.js";
import { parseJson, prettyJson } from "./json-tree.js";

/** Headers that differ on every delivery by nature; marked so they do not hide the real change. */
const VOLATILE = new Set([
  "date",
  "content-length",
  "x-request-id",
  "cf-ray",
  "webhook-timestamp",
  "webhook-signature",
  "webhook-id",
  "x-github-delivery",
  "stripe-signature",
  "x-slack-request-timestamp",
  "x-slack-signature",
  "square-initial-delivery-timestamp",
  "x-square-hmacsha256-signature",
]);

function bodyLines(record) {
  if (record.bodyEncoding === "base64") return [`(binary, base64) ${record.body}`];
  const parsed = parseJson(record.body ?? "");
  return (parsed ? prettyJson(parsed) : (record.body ?? "")).split("\n");
}

function headerDiff(left, right) {
  const names = [
    ...new Set([...Object.keys(left.headers ?? {}), ...Object.keys(right.headers ?? {})]),
  ].sort();
  const rows = names.map((name) => {
    const a = left.headers?.[name];
    const b = right.headers?.[name];
    const kind =
      a === b ? "same" : a === undefined ? "added" : b === undefined ? "removed" : "changed";
    return el(
      "tr",
      { class: `d-${kind}${VOLATILE.has(name) ? " volatile" : ""}` },
      el("th", { text: name }),
      el("td", { text: a ?? "" }),
      el("td", { text: b ?? "" }),
    );
  });
  return el(
    "table",
    { class: "diff-headers" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { text: "header" }),
        el("th", { text: left.id }),
        el("th", { text: right.id }),
      ),
    ),
    el("tbody", {}, rows),
  );
}

function bodyDiff(left, right) {
  const rows = sideBySide(diffLines(bodyLines(left), bodyLines(right)));
  const changed = rows.filter((row) => row.kind !== "same").length;
  const table = el(
    "table",
    { class: "diff-body" },
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          { class: `d-${row.kind}` },
          el("td", { class: row.left === undefined ? "gap" : "", text: row.left ?? "" }),
          el("td", { class: row.right === undefined ? "gap" : "", text: row.right ?? "" }),
        ),
      ),
    ),
  );
  return el(
    "div",
    {},
    el("p", {
      class: "muted",
      text: changed === 0 ? "bodies are identical" : `${changed} line(s) differ`,
    }),
    table,
  );
}

/** Side by side: the two requests' summaries, a header table and a line diff of the bodies. */
export async function showCompare(container, leftId, rightId, context) {
  container.replaceChildren(el("p", { class: "muted", text: "loading…" }));
  const [{ record: left }, { record: right }] = await Promise.all([
    getJson(`/api/entries/${encodeURIComponent(leftId)}`),
    getJson(`/api/entries/${encodeURIComponent(rightId)}`),
  ]);
  const side = (record) =>
    el(
      "div",
      { class: "compare-side" },
      el("strong", { text: `${record.method} ${record.path}` }),
      el("br"),
      el("code", { text: record.id }),
      ` ${record.provider ?? ""} ${record.eventType ?? ""} · ${record.signature?.status ?? ""} · ${record.response?.status ?? "—"}`,
    );
  container.replaceChildren(
    el(
      "div",
      { class: "detail-head" },
      el("h2", { text: "Compare" }),
      el("button", {
        type: "button",
        class: "close-compare",
        text: "Close",
        onclick: () => context.select(rightId),
      }),
    ),
    el("div", { class: "compare-heads" }, side(left), side(right)),
    el("section", { class: "panel" }, el("h3", { text: "Headers" }), headerDiff(left, right)),
    el("section", { class: "panel" }, el("h3", { text: "Body" }), bodyDiff(left, right)),
  );
}
