// `npm run bench`: runs every bench/*.bench.js in turn. Each one measures its subject against a
// baseline in the same run and prints the ratio; none of them asserts timings.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv[2];
let failed = 0;
for (const file of readdirSync(dir)
  .filter((name) => name.endsWith(".bench.js"))
  .sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n# ${file}`);
  const result = spawnSync(process.execPath, [`${dir}${file}`], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
