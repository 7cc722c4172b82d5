// tsc only emits .ts files; sample events (JSON) and inspector assets are data, copied beside them.
import { cpSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { join, dirname, extname } from "node:path";

const ASSET_EXTENSIONS = new Set([".json", ".html", ".css", ".js"]);

function copyAssets(from, to) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) copyAssets(source, target);
    else if (ASSET_EXTENSIONS.has(extname(name)) && !name.endsWith(".ts")) {
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
}

copyAssets("src", "dist");
