import type { Command } from "commander";

interface InitCommandFlags {
  provider?: string;
  secret?: string;
  generateSecret?: boolean;
  secretFile?: string;
  url?: string;
  port?: string;
  json?: boolean;
}

export function defineInit(program: Command): void {
  program
    .command("init")
    .description(
      "set up a profile: provider, secret, target URL, listener port; then the next steps",
    )
    .option("--provider <id>", "provider id (see hooks providers)")
    .option("--secret <s>", "the provider's signing secret (else asked, hidden)")
    .option("--generate-secret", "generate a secret, for providers where you choose it")
    .option(
      "--secret-file <file>",
      "where --generate-secret writes it (default webhook-secret.txt)",
    )
    .option("--url <url>", "your app's webhook URL, the default target of hooks send")
    .option("--port <n>", "port for hooks listen (default 4665)")
    .option("--json", "machine output on stdout (what was saved, secrets masked, next steps)")
    .addHelpText(
      "after",
      "\nWithout a terminal, give at least --provider; the other answers are optional.\n" +
        "Use --profile <name> (or HOOKS_PROFILE) to set up another profile.",
    )
    .action(async (flags: InitCommandFlags, command: Command) => {
      const { runInit } = await import("../init/run-init.js");
      const { renderInit } = await import("../render/init.js");
      const { json, ...answers } = flags;
      const result = await runInit({
        ...answers,
        profile: command.optsWithGlobals<{ profile?: string }>().profile,
      });
      renderInit(result, { json: Boolean(json) });
    });
}
