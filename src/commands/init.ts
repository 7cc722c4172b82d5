import type { Command } from "commander";

interface InitCommandFlags {
  provider?: string;
  secret?: string;
  generateSecret?: boolean;
  secretFile?: string;
  url?: string;
  port?: string;
  register?: boolean;
  repo?: string;
  org?: string;
  shop?: string;
  business?: string;
  environment?: string;
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
    .option(
      "--register",
      "hooks listen points the provider's webhook at its tunnel (providers with an API)",
    )
    .option("--no-register", "hooks listen leaves the provider's webhook alone")
    .option("--repo <owner/name>", "with --register, GitHub: the repository")
    .option("--org <name>", "with --register, GitHub: the organisation")
    .option("--shop <name.myshopify.com>", "with --register, Shopify: the shop")
    .option("--business <id>", "with --register, Poynt: the business id")
    .option("--environment <env>", "with --register, Square: sandbox (default) or production")
    .option("--json", "machine output on stdout (what was saved, secrets masked, next steps)")
    .addHelpText(
      "after",
      "\nWithout a terminal, give at least --provider; the other answers are optional.\n" +
        "--register saves no token: export the provider's variable (SQUARE_ACCESS_TOKEN, GITHUB_TOKEN, …).\n" +
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
