// Builds dist/ with esbuild, packages left external. Two bundles and one shared module:
//
// - dist/cli.js: src/cli.ts with `hooks verify`'s whole path inlined. Verify runs in scripts and
//   CI loops and must start within 1.3x of `node -e 0` (npm run bench); Node 20's ESM loader costs
//   about 0.7 ms a file, and code-splitting the whole CLI would give verify ten files to read (its
//   modules are shared with other commands, and esbuild puts each set of shared modules in its own
//   chunk). Inlined, they are one.
// - dist/program.js and its chunks: commander's program and every other command, code-split, so
//   that each command loads only its own chunks (the source's `await import()`s).
// - dist/errors.js: src/errors.ts alone, imported by both, so that the error classes src/cli.ts
//   tests with instanceof are the ones every command throws.
//
// At run time a process evaluates one copy of every module: verify's copies in cli.js run only on
// its fast path, which never loads program.js. checkOneCopy (below) keeps it so: what cli.js
// evaluates on load must not also be in program.js's bundle.
//
// Every file sits flat in dist/: code that finds its data by `new URL("./samples/…",
// import.meta.url)` finds it in dist/, where scripts/copy-assets.js puts it.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

const ERRORS = resolve("src/errors.ts");

/** Every import of src/errors.ts, from any folder, becomes dist/errors.js. */
const sharedErrors = {
  name: "shared-errors",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/errors\.js$/ }, async (args) => {
      if (args.pluginData === "inner") return undefined;
      const found = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "inner",
      });
      return found.path === ERRORS ? { path: "./errors.js", external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  outdir: "dist",
  entryNames: "[name]",
  metafile: true,
  logLevel: "warning",
};

// A file left over from an earlier build (or from tsc, which used to emit here) must not linger.
rmSync("dist", { recursive: true, force: true });

const [cli, program] = await Promise.all([
  build({
    ...common,
    entryPoints: ["src/cli.ts"],
    external: ["./program.js"],
    plugins: [sharedErrors],
  }),
  build({
    ...common,
    entryPoints: ["src/program.ts"],
    splitting: true,
    chunkNames: "[name]-[hash]",
    plugins: [sharedErrors],
  }),
  build({ ...common, entryPoints: ["src/errors.ts"], bundle: false }),
]);
checkOneCopy(cli.metafile, program.metafile);

/**
 * The modules cli.js evaluates on load are those src/cli.ts reaches by static imports; verify's
 * path, reached by `await import()`, is inlined lazily and runs only on verify's fast path. None of
 * the former may also be bundled in program.js, or commands other than verify would run two copies.
 */
function checkOneCopy(cliMeta, programMeta) {
  const eager = new Set();
  const visit = (path) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const edge of cliMeta.inputs[path]?.imports ?? [])
      if (!edge.external && edge.kind === "import-statement") visit(edge.path);
  };
  visit("src/cli.ts");
  const twice = [...eager].filter((path) => path in programMeta.inputs);
  if (twice.length > 0) {
    throw new Error(
      `dist/cli.js and dist/program.js would both run ${twice.join(", ")}: import it lazily ` +
        "from src/cli.ts, or share it as src/errors.ts is (scripts/bundle-cli.js)",
    );
  }
}
