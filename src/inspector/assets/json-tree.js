import { el } from "./format.js";

/**
 * A JSON parser that keeps every number as the text it was sent as: JSON.parse would round
 * 12345678901234567890 to a different id, and a webhook inspector must show what arrived.
 * Returns undefined for anything that is not one complete JSON value.
 */
export function parseJson(text) {
  let at = 0;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at += 1;
  };
  const fail = () => {
    throw new SyntaxError(`unexpected input at ${at}`);
  };
  const string = () => {
    const start = at;
    at += 1;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail();
    at += 1;
    return JSON.parse(text.slice(start, at));
  };
  const value = () => {
    space();
    const char = text[at];
    if (char === "{") {
      at += 1;
      const entries = [];
      space();
      if (text[at] === "}") return ((at += 1), { kind: "object", entries });
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        const key = string();
        space();
        if (text[at] !== ":") fail();
        at += 1;
        entries.push([key, value()]);
        space();
        if (text[at] === ",") at += 1;
        else if (text[at] === "}") return ((at += 1), { kind: "object", entries });
        else fail();
      }
    }
    if (char === "[") {
      at += 1;
      const items = [];
      space();
      if (text[at] === "]") return ((at += 1), { kind: "array", items });
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ",") at += 1;
        else if (text[at] === "]") return ((at += 1), { kind: "array", items });
        else fail();
      }
    }
    if (char === '"') return { kind: "string", value: string() };
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, at))
        return ((at += literal.length), { kind: "literal", raw: literal });
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (!match) fail();
    at += match[0].length;
    return { kind: "number", raw: match[0] };
  };
  try {
    const root = value();
    space();
    return at === text.length ? root : undefined;
  } catch {
    return undefined; // not JSON, or nested deeper than the stack: shown raw
  }
}

/** Two-space pretty printing of a parsed value, numbers as sent (for diffs and copying). */
export function prettyJson(node, indent = "") {
  const inner = `${indent}  `;
  if (node.kind === "object") {
    if (node.entries.length === 0) return "{}";
    const lines = node.entries.map(
      ([key, child]) => `${inner}${JSON.stringify(key)}: ${prettyJson(child, inner)}`,
    );
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  if (node.kind === "array") {
    if (node.items.length === 0) return "[]";
    return `[\n${node.items.map((child) => `${inner}${prettyJson(child, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (node.kind === "string") return JSON.stringify(node.value);
  return node.raw;
}

const CHILDREN_PER_PAGE = 500;

function size(node) {
  return node.kind === "object"
    ? node.entries.length
    : node.kind === "array"
      ? node.items.length
      : 0;
}

function leaf(node) {
  if (node.kind === "string")
    return el("span", { class: "jt-string", text: JSON.stringify(node.value) });
  if (node.kind === "number") return el("span", { class: "jt-number", text: node.raw });
  return el("span", { class: `jt-${node.raw}`, text: node.raw });
}

function label(key) {
  if (key === undefined) return undefined;
  return el("span", {
    class: "jt-key",
    text: typeof key === "number" ? `${key}: ` : `${JSON.stringify(key)}: `,
  });
}

/**
 * A foldable tree. Children are built when their node is first opened, and long arrays a page
 * at a time, so a large body costs nothing until it is looked at.
 */
export function jsonTree(root, { openDepth = 2 } = {}) {
  const render = (node, key, depth, last) => {
    const comma = last ? "" : ",";
    if (node.kind !== "object" && node.kind !== "array") {
      return el("div", { class: "jt-row" }, label(key), leaf(node), comma);
    }
    const [open, close] = node.kind === "object" ? ["{", "}"] : ["[", "]"];
    const count = size(node);
    if (count === 0) return el("div", { class: "jt-row" }, label(key), `${open}${close}${comma}`);
    const noun =
      node.kind === "object" ? (count === 1 ? "key" : "keys") : count === 1 ? "item" : "items";
    const children = el("div", { class: "jt-children" });
    const details = el(
      "details",
      { class: "jt" },
      el(
        "summary",
        {},
        label(key),
        open,
        el("span", { class: "jt-count", text: ` ${count} ${noun} ` }),
        el("span", { class: "jt-close", text: `${close}${comma}` }),
      ),
      children,
      el("div", { class: "jt-row jt-end", text: `${close}${comma}` }),
    );
    let shown = 0;
    const more = () => {
      const list =
        node.kind === "object" ? node.entries : node.items.map((item, index) => [index, item]);
      const end = Math.min(list.length, shown + CHILDREN_PER_PAGE);
      for (let index = shown; index < end; index += 1) {
        const [childKey, child] = list[index];
        children.append(render(child, childKey, depth + 1, index === list.length - 1));
      }
      shown = end;
      if (shown < list.length) {
        const button = el("button", {
          class: "jt-more",
          type: "button",
          text: `show ${Math.min(CHILDREN_PER_PAGE, list.length - shown)} more of ${list.length - shown}`,
          onclick: () => {
            button.remove();
            more();
          },
        });
        children.append(button);
      }
    };
    details.addEventListener("toggle", () => {
      if (details.open && shown === 0) more();
    });
    if (depth === 0 || (depth < openDepth && count <= 200)) {
      details.open = true;
      more();
    }
    return details;
  };
  return el("div", { class: "json-tree" }, render(root, undefined, 0, true));
}
