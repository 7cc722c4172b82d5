/* global document, window, history, requestAnimationFrame */
import { getJson, openStream } from "./api.js";
import { showCompare } from "./compare-view.js";
import { showDetail } from "./detail-view.js";
import { el } from "./format.js";
import { createRow, passes, renderRow } from "./list-view.js";
import { VirtualList } from "./virtual-list.js";

const $ = (selector) => document.querySelector(selector);
const ROW_HEIGHT = 30;

const state = {
  all: [],
  byId: new Map(),
  view: [],
  filters: { provider: "", signature: "", status: "" },
  query: "",
  matches: undefined,
  selected: undefined,
  compareBase: undefined,
  info: { canResign: false },
  providers: new Set(),
  arrived: 0,
};

const detail = $("#detail");
const list = new VirtualList($("#list"), {
  rowHeight: ROW_HEIGHT,
  createRow,
  renderRow,
  onSelect: (entry, event) => pick(entry.id, event),
});

/** Rebuilds the filtered view, newest first; `addedAbove` keeps a scrolled list steady. */
function rebuild(addedAbove = 0) {
  const view = [];
  for (let index = state.all.length - 1; index >= 0; index -= 1) {
    const entry = state.all[index];
    if (passes(entry, state.filters, state.matches)) view.push(entry);
  }
  state.view = view;
  list.setItems(view, { addedAbove });
  const total = state.all.length;
  $("#count").textContent =
    view.length === total
      ? `${total} request${total === 1 ? "" : "s"}`
      : `${view.length} of ${total} shown`;
  $("#empty").hidden = total > 0;
  document.body.dataset.entries = String(total);
}

function remember(entry) {
  const known = state.byId.get(entry.id);
  if (known) Object.assign(known, entry);
  else {
    state.all.push(entry);
    state.byId.set(entry.id, entry);
    // A long run under load must not grow the page without end: keep about as many as the server.
    const limit = state.info.historyLimit ?? 20000;
    if (state.all.length > limit * 1.25) {
      for (const old of state.all.splice(0, state.all.length - limit)) state.byId.delete(old.id);
    }
  }
  widenEventColumn(entry.eventType);
  const provider = entry.provider ?? "none";
  if (!state.providers.has(provider)) {
    state.providers.add(provider);
    $("#filter-provider").append(el("option", { value: provider, text: provider }));
  }
  return !known;
}

/**
 * The event column is as wide as the longest event name seen (up to MAX_EVENT_CH characters), so
 * that `pull_request_review.submitted` shows whole; the path gives up the room, since paths are
 * short and their cell's title holds them whole.
 */
const MAX_EVENT_CH = 40;
let eventCh = 0;
function widenEventColumn(eventType) {
  const length = Math.min(eventType?.length ?? 0, MAX_EVENT_CH);
  if (length <= eventCh) return;
  eventCh = length;
  document.documentElement.style.setProperty("--event-ch", String(length));
}

function onHistory(history) {
  state.info = history;
  state.all = [];
  state.byId = new Map();
  for (const entry of history.entries) remember(entry);
  $("#local-url").textContent = history.localUrl;
  $("#store").textContent = history.store;
  $("#store").title = `${history.store} (the newest ${history.historyLimit} are shown)`;
  rebuild();
  if (!document.body.dataset.ready) {
    document.body.dataset.ready = "true";
    window.__hooksReadyAt = performance.now();
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    if (wanted && state.byId.has(wanted)) select(wanted, { scroll: true });
  }
}

let pendingAbove = 0;
let frame = false;
function onEntry(entry) {
  if (remember(entry) && passes(entry, state.filters, state.matches)) pendingAbove += 1;
  state.arrived += 1;
  if (state.query) searchSoon(500);
  if (frame) return;
  frame = true;
  requestAnimationFrame(() => {
    frame = false;
    const added = pendingAbove;
    pendingAbove = 0;
    rebuild(added);
  });
}

function setLive(text) {
  const live = $("#live");
  live.dataset.state = text === "live" ? "live" : text.startsWith("error") ? "error" : "connecting";
  live.textContent = text;
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.classList.add("shown");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.remove("shown"), 2500);
}

function context() {
  return {
    canResign: state.info.canResign,
    toast,
    select: (id) => select(id, { scroll: true }),
    startCompare,
  };
}

function select(id, { scroll = false } = {}) {
  state.selected = id;
  state.compareBase = undefined;
  $("#compare-banner").hidden = true;
  list.select(id, { scroll });
  history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  showDetail(detail, id, context()).catch((error) =>
    detail.replaceChildren(el("p", { class: "error", text: error.message })),
  );
}

function compare(leftId, rightId) {
  state.compareBase = undefined;
  $("#compare-banner").hidden = true;
  list.select(rightId);
  showCompare(detail, leftId, rightId, context()).catch((error) =>
    detail.replaceChildren(el("p", { class: "error", text: error.message })),
  );
}

function startCompare(id) {
  state.compareBase = id;
  $("#compare-with").textContent = id;
  $("#compare-banner").hidden = false;
}

function pick(id, event) {
  if (state.compareBase && state.compareBase !== id) return compare(state.compareBase, id);
  if (
    (event.shiftKey || event.ctrlKey || event.metaKey) &&
    state.selected &&
    state.selected !== id
  ) {
    return compare(state.selected, id);
  }
  select(id);
}

let searchTimer;
function searchSoon(delay = 200) {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const query = state.query;
    if (!query) state.matches = undefined;
    else {
      const { ids } = await getJson(`/api/search?q=${encodeURIComponent(query)}`).catch(() => ({
        ids: [],
      }));
      if (query !== state.query) return;
      state.matches = new Set(ids);
    }
    rebuild();
  }, delay);
}

$("#search").addEventListener("input", (event) => {
  state.query = event.target.value.trim();
  searchSoon();
});
for (const [name, selector] of [
  ["provider", "#filter-provider"],
  ["signature", "#filter-signature"],
  ["status", "#filter-status"],
]) {
  $(selector).addEventListener("change", (event) => {
    state.filters[name] = event.target.value;
    rebuild();
  });
}
$("#compare-cancel").addEventListener("click", () => {
  state.compareBase = undefined;
  $("#compare-banner").hidden = true;
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && state.compareBase) {
    state.compareBase = undefined;
    $("#compare-banner").hidden = true;
  }
  if (event.key === "/" && document.activeElement?.tagName !== "INPUT") {
    event.preventDefault();
    $("#search").focus();
  }
});

openStream({ onHistory, onEntry, onState: setLive });
