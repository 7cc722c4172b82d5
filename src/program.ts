import { Command } from "commander";
import { defineCompletion } from "./commands/completion.js";
import { defineConfig } from "./commands/config.js";
import { defineDoctor } from "./commands/doctor.js";
import { defineInit } from "./commands/init.js";
import { defineProviders } from "./commands/providers.js";
import { defineSend } from "./commands/send.js";
import { defineSign } from "./commands/sign.js";
import { defineVerify } from "./commands/verify.js";
import { defineListen } from "./commands/listen.js";
import { defineEvents } from "./commands/events.js";
import { defineTunnel } from "./commands/tunnel.js";

export const VERSION = "0.1.0";

/**
 * Builds the commander program. Command files only declare flags; each action imports its core
 * lazily so that a command never loads what another one needs (undici, inquirer, ora, conf, the
 * tunnel). To add a command: create src/commands/<name>.ts and add its define function below.
 */
export function buildProgram(): Command {
  const program = new Command("hooks")
    .description("Set up webhooks and test them locally: listen, send, sign and verify.")
    .version(VERSION, "-v, --version")
    .option("--profile <name>", "saved profile to use (or HOOKS_PROFILE)")
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  for (const define of [
    defineProviders,
    defineSign,
    defineVerify,
    defineConfig,
    defineInit,
    defineDoctor,
    defineCompletion,
    defineSend,
    defineListen,
    defineEvents,
    defineTunnel,
  ])
    define(program);
  // Errors are reported once, by src/cli.ts; commander must neither print nor exit by itself.
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ outputError: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}
