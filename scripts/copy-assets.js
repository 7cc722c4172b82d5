// esbuild bundles code only; sample events (JSON) and the inspector's page are data, read at run
// time relative to the code that reads them. Every chunk sits flat in dist/ (scripts/bundle-cli.js),
// so `new URL("./samples/…", import.meta.url)` and `new URL("./assets/…", import.meta.url)` look
// in dist/samples/ and dist/assets/.
import { cpSync, readdirSync, mkdirSync } from "node:fs";
import { join, extname } from "node:path";

const DATA = [
  { from: "src/providers/samples", to: "dist/samples", extensions: [".json"] },
  { from: "src/inspector/assets", to: "dist/assets", extensions: [".html", ".css", ".js"] },
];

for (const { from, to, extensions } of DATA) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (extensions.includes(extname(name))) cpSync(join(from, name), join(to, name));
  }
}
