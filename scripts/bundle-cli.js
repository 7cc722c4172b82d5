// Replaces tsc's dist/cli.js with one file that holds `hooks verify`'s whole path.
//
// `hooks verify` runs in scripts and CI loops and must start within 1.3x of `node -e 0`
// (npm run bench). Node 20's ESM loader costs about 0.7 ms for each module it reads, and verify's
// path reads thirteen of ours (the command, the signing code, the provider). Bundled, they are
// one. The rest of the CLI (./program.js and all it imports) stays tsc's output, loaded only when
// another command runs; packages are never bundled. The bundle's copies of shared modules
// (errors, providers) are not program.js's, so cli.ts tells errors apart by their exitCode.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.js",
  allowOverwrite: true,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  external: ["./program.js"],
  logLevel: "warning",
});
