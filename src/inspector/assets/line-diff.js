/** Beyond this many differences the diff stops looking for the shortest one (memory grows as D²). */
const MAX_EDITS = 2000;

/**
 * Line diff (Myers' O(ND) algorithm, "An O(ND) Difference Algorithm and Its Variations", 1986),
 * after trimming the common head and tail. Returns rows `{ op: "same"|"del"|"add", text }`.
 */
export function diffLines(a, b) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  return [
    ...a.slice(0, head).map((text) => ({ op: "same", text })),
    ...(myers(middleA, middleB) ?? coarse(middleA, middleB)),
    ...a.slice(a.length - tail).map((text) => ({ op: "same", text })),
  ];
}

function coarse(a, b) {
  return [...a.map((text) => ({ op: "del", text })), ...b.map((text) => ({ op: "add", text }))];
}

function myers(a, b) {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return undefined;
  const rows = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const saved = trace[d];
    const at = (k) => saved[k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      rows.push({ op: "same", text: a[x - 1] });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === previousX) rows.push({ op: "add", text: b[previousY] });
      else rows.push({ op: "del", text: a[previousX] });
    }
    x = previousX;
    y = previousY;
  }
  return rows.reverse();
}

/**
 * Side-by-side rows: unchanged lines on both sides, a run of deletions paired line by line with
 * the run of additions that follows it. Each row is `{ left, right, kind }`.
 */
export function sideBySide(rows) {
  const out = [];
  let index = 0;
  while (index < rows.length) {
    const row = rows[index];
    if (row.op === "same") {
      out.push({ left: row.text, right: row.text, kind: "same" });
      index += 1;
      continue;
    }
    const deleted = [];
    const added = [];
    while (index < rows.length && rows[index].op === "del") deleted.push(rows[index++].text);
    while (index < rows.length && rows[index].op === "add") added.push(rows[index++].text);
    for (let line = 0; line < Math.max(deleted.length, added.length); line += 1) {
      out.push({ left: deleted[line], right: added[line], kind: "changed" });
    }
  }
  return out;
}
