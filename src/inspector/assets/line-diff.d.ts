// Types for the page's plain-JS module, so that tests in TypeScript can call it.
export type DiffRow = { op: "same" | "del" | "add"; text: string };
export type SideRow = {
  left: string | undefined;
  right: string | undefined;
  kind: "same" | "changed";
};
export function diffLines(a: readonly string[], b: readonly string[]): DiffRow[];
export function sideBySide(rows: readonly DiffRow[]): SideRow[];
