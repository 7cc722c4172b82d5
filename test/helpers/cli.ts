import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built binary; e2e tests spawn it the way a user's shell would. */
export const BIN = fileURLToPath(new URL("../../bin/hooks.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * An empty config directory, so that a developer's real profiles never leak into a test; a test
 * that needs a profile passes its own HOOKS_CONFIG_DIR.
 */
const EMPTY_CONFIG_DIR = mkdtempSync(join(tmpdir(), "hooks-test-config-"));
/** And a state directory of its own, so the webhook registry never lands in the real home. */
const STATE_DIR = mkdtempSync(join(tmpdir(), "hooks-test-state-"));

/** The management APIs' credentials (src/webhooks/api-table.ts): never the developer's own. */
const API_CREDENTIALS = [
  "SQUARE_ACCESS_TOKEN",
  "UP42_USERNAME",
  "UP42_PASSWORD",
  "POYNT_APPLICATION_ID",
  "POYNT_PRIVATE_KEY",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "STRIPE_API_KEY",
  "SHOPIFY_ACCESS_TOKEN",
];

/** Runs `hooks <args>` to completion; colour off, no profile from the real home unless given. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? "");
  });
}

/** Starts `hooks <args>` and hands back the child, for long-running commands like listen. */
export function spawnCli(args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** The environment a spawned `hooks` runs in: colour off, no secret or profile from the machine. */
export function cliEnv(env: RunOptions["env"] = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: undefined,
    HOOKS_SECRET: undefined,
    HOOKS_PROFILE: undefined,
    HOOKS_CONFIG_DIR: EMPTY_CONFIG_DIR,
    XDG_STATE_HOME: STATE_DIR,
    ...Object.fromEntries(API_CREDENTIALS.map((name) => [name, undefined])),
    ...env,
  };
}
