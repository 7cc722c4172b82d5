/* global requestAnimationFrame, ResizeObserver */
import { el } from "./format.js";

/**
 * A list that keeps only the rows in view (plus a few) in the DOM, positioned inside a spacer as
 * tall as the whole list, so ten thousand entries scroll as smoothly as ten. Rows are recycled:
 * `renderRow(node, item)` fills an existing element.
 */
export class VirtualList {
  constructor(viewport, { rowHeight, createRow, renderRow, onSelect }) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.createRow = createRow;
    this.renderRow = renderRow;
    this.onSelect = onSelect;
    this.items = [];
    this.pool = [];
    this.selectedId = undefined;
    this.spacer = el("div", { class: "spacer" });
    viewport.replaceChildren(this.spacer);
    this.scheduled = false;
    viewport.addEventListener("scroll", () => this.schedule(), { passive: true });
    viewport.addEventListener("click", (event) => {
      const row = event.target.closest("[data-index]");
      if (row) this.onSelect(this.items[Number(row.dataset.index)], event);
    });
    viewport.addEventListener("keydown", (event) => this.key(event));
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  /** Replaces the items; `keepTop` keeps the rows in view in place when new ones come in above. */
  setItems(items, { addedAbove = 0 } = {}) {
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    if (addedAbove > 0 && this.viewport.scrollTop > 0)
      this.viewport.scrollTop += addedAbove * this.rowHeight;
    this.render();
  }

  select(id, { scroll = false } = {}) {
    this.selectedId = id;
    if (scroll) {
      const index = this.items.findIndex((item) => item.id === id);
      if (index >= 0) this.scrollTo(index);
    }
    this.render();
  }

  scrollTo(index) {
    const top = index * this.rowHeight;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + this.rowHeight > view.scrollTop + view.clientHeight)
      view.scrollTop = top + this.rowHeight - view.clientHeight;
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  render() {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - 5);
    const last = Math.min(
      this.items.length,
      Math.ceil((this.viewport.scrollTop + height) / this.rowHeight) + 5,
    );
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = this.createRow();
      this.pool.push(row);
      this.spacer.append(row);
    }
    for (let slot = 0; slot < this.pool.length; slot += 1) {
      const row = this.pool[slot];
      const index = first + slot;
      if (slot >= needed) {
        row.hidden = true;
        continue;
      }
      const item = this.items[index];
      row.hidden = false;
      row.dataset.index = String(index);
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      row.classList.toggle("selected", item.id === this.selectedId);
      row.setAttribute("aria-selected", item.id === this.selectedId ? "true" : "false");
      if (row.renderedItem !== item) {
        this.renderRow(row, item);
        row.renderedItem = item;
      }
    }
  }

  key(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const current = this.items.findIndex((item) => item.id === this.selectedId);
    const next = Math.min(
      this.items.length - 1,
      Math.max(0, current + (event.key === "ArrowDown" ? 1 : -1)),
    );
    const item = this.items[next];
    if (item) {
      this.scrollTo(next);
      this.onSelect(item, event);
    }
  }
}
