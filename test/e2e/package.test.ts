import { execFile, spawn } from "node:child_process";
import { builtinModules } from "node:module";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv } from "../helpers/cli.js";
import { FakeReleases } from "../helpers/fake-releases.js";
import { STANDARD_VECTOR, standardVerifyArgs } from "../helpers/vectors.js";

// What a user gets from `npm i -g hooks-cli` or `npx hooks-cli`: the tarball `npm pack` makes,
// installed into a prefix of its own (outside the repository, so that nothing resolves from our
// node_modules), run from there.
const ROOT = join(import.meta.dirname, "../..");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};
const run = promisify(execFile);

let dir: string;
let files: string[];
let hooks: string;
let installedBinary: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-package-"));
  // --ignore-scripts: the tree is already built (npm test builds first), and `prepare` would empty
  // dist/ under the other e2e tests running beside this one.
  const packed = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
    { cwd: ROOT },
  );
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  files = info.files.map((file) => file.path);

  const prefix = join(dir, "prefix");
  mkdirSync(prefix);
  writeInstallLock(prefix, `file:../${info.filename}`);
  // A lock file pins the dependencies to the versions `npm ci` put in npm's cache, so that this
  // installs offline (without one, npm wants the registry's metadata, which `npm ci` never
  // fetched). npm 11 skips cloudflared's postinstall here as it does for users.
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--prefix", prefix], {
    cwd: dir,
  });
  hooks = join(prefix, "node_modules/.bin/hooks");
  installedBinary = join(prefix, "node_modules/cloudflared/bin/cloudflared");
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The prefix's package.json (depending on the tarball) and its lock: the tarball's entry plus our
 * own lock's entries for everything that is not a dev dependency, at the same paths, since the
 * tarball's dependencies are ours and hoist the same way.
 */
function writeInstallLock(prefix: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const root = { name: "try-hooks", version: "1.0.0", dependencies: { [PACKAGE.name]: tarball } };
  const packages: Record<string, unknown> = {
    "": root,
    [`node_modules/${PACKAGE.name}`]: {
      version: PACKAGE.version,
      resolved: tarball,
      bin: PACKAGE.bin,
      dependencies: PACKAGE.dependencies,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path && !entry.dev) packages[path] = entry;
  }
  writeFileSync(join(prefix, "package.json"), JSON.stringify(root));
  writeFileSync(
    join(prefix, "package-lock.json"),
    JSON.stringify({ ...root, lockfileVersion: 3, requires: true, packages }),
  );
}

function distFiles(folder = join(ROOT, "dist")): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? distFiles(join(folder, entry.name))
      : [relative(ROOT, join(folder, entry.name))],
  );
}

describe("the npm package", () => {
  it("carries what runs and nothing else", () => {
    expect(PACKAGE.name).toBe("hooks-cli");
    expect(PACKAGE.bin).toEqual({ hooks: "bin/hooks.js" });
    const built = distFiles();
    expect(built).toContain("dist/assets/index.html");
    expect(built).toContain("dist/samples/stripe.json");
    expect([...files].sort()).toEqual(
      ["LICENSE", "README.md", "package.json", "bin/hooks.js", ...built].sort(),
    );
    expect(files.filter((file) => /^(src|test|bench|scripts)\/|\.map$|\.ts$/.test(file))).toEqual(
      [],
    );
  });

  it("declares every package the built code imports as a dependency", () => {
    const imported = new Set<string>();
    for (const file of distFiles().filter((path) => path.endsWith(".js"))) {
      const code = readFileSync(join(ROOT, file), "utf8");
      for (const [, specifier] of code.matchAll(/(?:from|import\()\s*"([^"./][^"]*)"/g)) {
        const name = specifier!.startsWith("@")
          ? specifier!.split("/").slice(0, 2).join("/")
          : specifier!.split("/")[0]!;
        if (!name.startsWith("node:") && !builtinModules.includes(name)) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((name) => !(name in PACKAGE.dependencies))).toEqual([]);
  });

  it("installs and runs `hooks --version` from the tarball", async () => {
    const { stdout } = await run(hooks, ["--version"], { env: cliEnv(), cwd: dir });
    expect(stdout.trim()).toBe(PACKAGE.version);
  });

  it("runs `hooks verify` from the tarball", async () => {
    const payload = join(dir, "standard.json");
    writeFileSync(payload, STANDARD_VECTOR.body);
    const ok = await run(hooks, [...standardVerifyArgs(payload), "--json"], {
      env: cliEnv(),
      cwd: dir,
    });
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });
    const bad = await run(hooks, standardVerifyArgs(payload, "v1,AAAA"), {
      env: cliEnv(),
      cwd: dir,
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(bad).toBe(1);
  });

  it("serves the inspector's page from the installed package", async () => {
    const child = spawn(
      hooks,
      ["listen", "--tunnel", "none", "--port", "0", "--inspect-port", "0", "--json"],
      { env: cliEnv(), cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      let inspectUrl: string | undefined;
      for await (const line of lines) {
        const event = JSON.parse(line) as { type: string; inspectUrl?: string };
        if (event.type === "ready") {
          inspectUrl = event.inspectUrl;
          break;
        }
      }
      const page = await fetch(inspectUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it.runIf(process.platform === "linux")(
    "has no cloudflared binary after install, says so in doctor, and hooks tunnel install fixes it",
    async () => {
      const env = cliEnv({
        CLOUDFLARED_BIN: undefined,
        PATH: dirname(process.execPath),
        HTTPS_PROXY: undefined,
        https_proxy: undefined,
        HTTP_PROXY: undefined,
        http_proxy: undefined,
      });
      const cloudflaredCheck = async (): Promise<{ status: string; fix?: string }> => {
        const { stdout } = await run(hooks, ["doctor", "--json"], { env, cwd: dir }).catch(
          (error: { stdout: string }) => error,
        );
        const report = JSON.parse(stdout) as { checks: { name: string; status: string }[] };
        return report.checks.find((check) => check.name === "cloudflared")!;
      };
      // npm 11 skipped the cloudflared package's postinstall, which would have downloaded it.
      expect(existsSync(installedBinary)).toBe(false);
      expect(await cloudflaredCheck()).toMatchObject({
        status: "fail",
        message: expect.stringContaining("npm skips the cloudflared package's own download"),
        fix: expect.stringMatching(/^hooks tunnel install/),
      });
      const releases = await new FakeReleases().start();
      try {
        const installed = await run(hooks, ["tunnel", "install", "--json"], {
          env: { ...env, HOOKS_CLOUDFLARED_URL: releases.url },
          cwd: dir,
        });
        expect(JSON.parse(installed.stdout)).toEqual({
          path: installedBinary,
          version: "2024.8.2",
        });
      } finally {
        await releases.close();
      }
      expect(await cloudflaredCheck()).toMatchObject({ status: "ok" });
    },
  );
});
