import { readFile } from "node:fs/promises";

/** The page's files, copied beside the compiled code by scripts/copy-assets.js. */
const ASSETS = new URL("./assets/", import.meta.url);
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};
/** Only these names are served: nothing from the file system is reachable by a crafted path. */
const FILES = new Set([
  "index.html",
  "inspector.css",
  "app.js",
  "api.js",
  "history-collector.js",
  "list-view.js",
  "virtual-list.js",
  "detail-view.js",
  "json-tree.js",
  "compare-view.js",
  "line-diff.js",
  "format.js",
]);
export const TOKEN_PLACEHOLDER = "__HOOKS_INSPECTOR_TOKEN__";

export interface Asset {
  type: string;
  body: Buffer;
}

/** Loads each file once; the page is a few tens of kilobytes. */
export class StaticAssets {
  private readonly cache = new Map<string, Promise<Asset | undefined>>();

  constructor(private readonly token: string) {}

  get(name: string): Promise<Asset | undefined> {
    if (!FILES.has(name)) return Promise.resolve(undefined);
    let asset = this.cache.get(name);
    if (!asset) {
      asset = this.load(name);
      this.cache.set(name, asset);
    }
    return asset;
  }

  private async load(name: string): Promise<Asset | undefined> {
    const extension = name.slice(name.lastIndexOf("."));
    let body = await readFile(new URL(name, ASSETS)).catch(() => undefined);
    if (!body) return undefined;
    // The token reaches the page only inside the page itself: another origin cannot read it.
    if (name === "index.html")
      body = Buffer.from(body.toString("utf8").replace(TOKEN_PLACEHOLDER, this.token));
    return { type: TYPES[extension] ?? "application/octet-stream", body };
  }
}
