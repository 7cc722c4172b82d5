/* global document */
/** Small DOM and text helpers. Data only ever reaches the page as textContent, never as HTML. */

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * The list's time of a request: `16:30:12.345` today; a record of an earlier day says which day,
 * in the same width (`11-30 16:30`, or `2025-11-30` in another year). All in local time.
 */
export function timeOf(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (date.getFullYear() !== now.getFullYear()) return `${date.getFullYear()}-${day}`;
  if (date.getMonth() !== now.getMonth() || date.getDate() !== now.getDate()) {
    return `${day} ${clock}`;
  }
  return `${clock}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function dateTimeOf(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** `s2xx`, `s4xx`, … for colouring; `none` when nothing came back. */
export function statusClass(status) {
  if (!status) return "none";
  return `s${String(status)[0]}xx`;
}

export function statusText(status) {
  return status ? String(status) : "—";
}

/** Decodes a record's body to text when it is UTF-8, else undefined. */
export function bodyText(record) {
  return record.bodyEncoding === "base64" ? undefined : record.body;
}
