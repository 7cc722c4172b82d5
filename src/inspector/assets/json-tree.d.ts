// Types for the page's plain-JS module, so that tests in TypeScript can call it.
export type JsonNode =
  | { kind: "object"; entries: [string, JsonNode][] }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "string"; value: string }
  | { kind: "number"; raw: string }
  | { kind: "literal"; raw: "true" | "false" | "null" };
export function parseJson(text: string): JsonNode | undefined;
export function prettyJson(node: JsonNode, indent?: string): string;
export function jsonTree(root: JsonNode, options?: { openDepth?: number }): unknown;
