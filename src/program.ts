import { Command, type CommanderError, type HelpContext } from "commander";
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
import { defineWebhooks } from "./commands/webhooks.js";

export const VERSION = "0.1.0";

/**
 * A command group run alone (`hooks`, `hooks events`, `hooks tunnel`) asks what it holds: that is
 * a question, not a mistake, so its help goes to stdout with exit 0, as `gh` and `stripe` do.
 * Commander treats it as an error (help on stderr, exit 1), and says so by calling
 * help({ error: true }) before any argument is taken. `hooks help <unknown>` ends in the same call
 * (args `help <name>`): that is a mistake, said in one line as for `hooks <unknown>`, not a help
 * dump followed by commander's "(outputHelp)" placeholder.
 */
class HooksCommand extends Command {
  override createCommand(name?: string): Command {
    return new HooksCommand(name);
  }

  override help(context?: HelpContext | ((text: string) => string)): never {
    const error = typeof context === "object" && context.error;
    if (error && this.args.length === 0) return super.help();
    if (error && this.args[0] === "help") {
      // commander's own unknown-command error, with its "(Did you mean …?)", names args[0].
      this.args = this.args.slice(1);
      return (this as unknown as { unknownCommand(): never }).unknownCommand();
    }
    return super.help(context as HelpContext | undefined);
  }
}

/** `hooks events replay`: the command a usage error is about, to point at its own --help. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** A commander error, with the command whose --help answers it (src/cli.ts prints it). */
export type UsageFromCommander = CommanderError & { helpCommand?: string };

/**
 * Builds the commander program. Command files only declare flags; each action imports its core
 * lazily so that a command never loads what another one needs (undici, inquirer, ora, conf, the
 * tunnel). To add a command: create src/commands/<name>.ts and add its define function below.
 */
export function buildProgram(): Command {
  const program = new HooksCommand("hooks")
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
    defineWebhooks,
  ])
    define(program);
  // Errors are reported once, by src/cli.ts; commander must neither print nor exit by itself.
  // Each command tags its own errors, so that the message points at that command's --help.
  const quiet = (command: Command): void => {
    command
      .exitOverride((error: UsageFromCommander) => {
        error.helpCommand ??= commandPath(command);
        throw error;
      })
      .configureOutput({ outputError: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}
