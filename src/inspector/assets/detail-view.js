/* global navigator, document */
import { getJson, postJson } from "./api.js";
import { bytes, dateTimeOf, el, statusClass, statusText } from "./format.js";
import { jsonTree, parseJson } from "./json-tree.js";
import { entryBadges } from "./list-view.js";

/** Copies text; falls back to a hidden textarea where the Clipboard API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

function section(title, ...children) {
  return el("section", { class: "panel" }, el("h3", { text: title }), ...children);
}

export function headerTable(headers) {
  const names = Object.keys(headers ?? {}).sort();
  if (names.length === 0) return el("p", { class: "muted", text: "no headers" });
  return el(
    "table",
    { class: "headers" },
    el(
      "tbody",
      {},
      names.map((name) =>
        el("tr", {}, el("th", { text: name }), el("td", { text: headers[name] })),
      ),
    ),
  );
}

/** The body: a foldable tree for JSON, the text as it came otherwise, base64 for binaries. */
export function bodyView(body, encoding, bodyBytes) {
  if (encoding === "base64") {
    return el(
      "div",
      {},
      el("p", { class: "muted", text: `binary body, ${bytes(bodyBytes ?? 0)}, shown as base64` }),
      el("pre", { class: "raw", text: body }),
    );
  }
  if (!body) return el("p", { class: "muted", text: "empty body" });
  const parsed = parseJson(body);
  const raw = el("pre", { class: "raw", text: body });
  if (!parsed) return raw;
  const tree = jsonTree(parsed);
  const holder = el("div", { class: "body-view" }, tree);
  const tabs = el(
    "div",
    { class: "tabs", role: "tablist" },
    el("button", { type: "button", class: "tab active", "data-view": "pretty", text: "JSON" }),
    el("button", { type: "button", class: "tab", "data-view": "raw", text: "Raw" }),
  );
  tabs.addEventListener("click", (event) => {
    const view = event.target.dataset?.view;
    if (!view) return;
    for (const tab of tabs.children) tab.classList.toggle("active", tab.dataset.view === view);
    holder.replaceChildren(view === "raw" ? raw : tree);
  });
  return el("div", {}, tabs, holder);
}

function signaturePanel(record) {
  const signature = record.signature ?? { status: "unchecked", reason: "" };
  const facts = [
    ["provider", record.provider ?? "not recognised"],
    ["event type", record.eventType],
    ["event id", record.eventId],
    ["signed URL", record.url],
  ].filter(([, value]) => value);
  return section(
    "Signature",
    el(
      "p",
      { class: "signature" },
      el("span", { class: `sig sig-${signature.status}`, text: signature.status }),
      " ",
      el("span", { class: "reason", text: signature.reason }),
    ),
    el(
      "dl",
      { class: "facts" },
      facts.map(([name, value]) => [el("dt", { text: name }), el("dd", { text: value })]),
    ),
  );
}

function verificationPanel(record, toast) {
  if (!record.verificationCode) return undefined;
  const copy = el("button", {
    type: "button",
    class: "copy-code",
    text: "Copy code",
    onclick: async () =>
      toast(
        (await copyText(record.verificationCode)) ? "verification code copied" : "could not copy",
      ),
  });
  return el(
    "section",
    { class: "panel verification" },
    el("h3", { text: "Clover verification code" }),
    el("p", {}, el("code", { class: "code", text: record.verificationCode }), " ", copy),
    el("p", {
      class: "muted",
      text: "Paste it in the Clover Developer Dashboard (App Settings › Webhooks) to verify this URL.",
    }),
  );
}

function responsePanel(record) {
  const response = record.response ?? {};
  const lines = [
    el(
      "p",
      {},
      el("span", {
        class: `status ${statusClass(response.status)}`,
        text: statusText(response.status),
      }),
      response.durationMs !== undefined ? ` in ${response.durationMs} ms` : "",
    ),
  ];
  if (record.forward) {
    const forward = record.forward;
    lines.push(
      el(
        "p",
        {},
        record.replayOf ? "sent to " : "forwarded to ",
        el("code", { text: forward.url }),
        forward.status ? ` → ${forward.status}` : "",
      ),
    );
    if (forward.error) lines.push(el("p", { class: "error", text: forward.error }));
  }
  return section("Response", ...lines);
}

/** Fills `container` with one request; `context` carries the page's callbacks and settings. */
export async function showDetail(container, id, context) {
  container.replaceChildren(el("p", { class: "muted", text: "loading…" }));
  const { record, defaultTarget } = await getJson(`/api/entries/${encodeURIComponent(id)}`);
  const target = el("input", {
    type: "url",
    class: "target",
    value: defaultTarget,
    "aria-label": "Replay target URL",
    spellcheck: "false",
  });
  // The default target is shown masked when its path holds a secret; left as it is, the server
  // uses the real one (an empty `to` means the default).
  const typedTarget = () => (target.value === defaultTarget ? "" : target.value);
  const result = el("div", { class: "result", role: "status" });
  const curl = el("pre", { class: "curl", hidden: true });
  const replay = async (resign) => {
    result.textContent = "replaying…";
    try {
      const outcome = await postJson(`/api/entries/${encodeURIComponent(id)}/replay`, {
        to: typedTarget(),
        resign,
      });
      const newId = outcome.capturedAs ?? outcome.entry?.id;
      const status = outcome.status ?? "no answer";
      result.replaceChildren(
        `${resign ? "re-signed replay" : "replay"} → ${status}${outcome.error ? ` (${outcome.error})` : ""} · `,
        el("a", {
          href: `#${newId}`,
          class: "open-entry",
          text: newId,
          onclick: (event) => (event.preventDefault(), context.select(newId)),
        }),
      );
    } catch (error) {
      result.textContent = `replay refused: ${error.message}`;
    }
  };
  const actions = el(
    "div",
    { class: "actions" },
    target,
    el("button", {
      type: "button",
      "data-action": "replay",
      text: "Replay",
      onclick: () => replay(false),
    }),
    el("button", {
      type: "button",
      "data-action": "replay-resign",
      text: "Replay re-signed",
      disabled: !context.canResign || !record.provider,
      title: context.canResign
        ? "sign again with the current secret and time"
        : "no secret known: start hooks listen with --secret",
      onclick: () => replay(true),
    }),
    el("button", {
      type: "button",
      "data-action": "curl",
      text: "Copy as curl",
      onclick: async () => {
        const made = await getJson(
          `/api/entries/${encodeURIComponent(id)}/curl?to=${encodeURIComponent(typedTarget())}`,
        );
        curl.textContent = made.command;
        curl.hidden = false;
        const copied = await copyText(made.command);
        result.textContent = `${copied ? "curl command copied" : "curl command below"}${made.resigned ? ", freshly signed" : ""}${made.note ? ` (${made.note})` : ""}`;
      },
    }),
    el("button", {
      type: "button",
      "data-action": "compare",
      text: "Compare…",
      onclick: () => context.startCompare(id),
    }),
  );
  const links = [];
  if (record.duplicateOf)
    links.push(
      el(
        "p",
        {},
        "duplicate of ",
        el("a", {
          href: `#${record.duplicateOf}`,
          text: record.duplicateOf,
          onclick: (event) => (event.preventDefault(), context.select(record.duplicateOf)),
        }),
      ),
    );
  if (record.replayOf)
    links.push(
      el(
        "p",
        {},
        "replay of ",
        el("a", {
          href: `#${record.replayOf}`,
          text: record.replayOf,
          onclick: (event) => (event.preventDefault(), context.select(record.replayOf)),
        }),
      ),
    );
  container.replaceChildren(
    el(
      "div",
      { class: "detail-head" },
      el(
        "h2",
        {},
        el("span", { class: `method m-${record.method.toLowerCase()}`, text: record.method }),
        " ",
        el("span", { class: "path", text: record.path }),
      ),
      el(
        "p",
        { class: "meta" },
        el("code", { text: record.id }),
        ` · ${dateTimeOf(record.receivedAt)} · ${bytes(record.bodyBytes ?? 0)}`,
        " ",
        ...entryBadges(record),
      ),
      ...links,
    ),
    actions,
    result,
    curl,
    verificationPanel(record, context.toast) ?? "",
    signaturePanel(record),
    section("Request headers", headerTable(record.headers)),
    section("Body", bodyView(record.body, record.bodyEncoding, record.bodyBytes)),
    responsePanel(record),
  );
}
