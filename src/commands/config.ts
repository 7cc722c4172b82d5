import type { Command } from "commander";
import { CheckFailed } from "../errors.js";

interface JsonFlag {
  json?: boolean;
}

const KEYS_HELP = `
Keys (flag > environment > profile > default):
  provider    provider id (see hooks providers)          HOOKS_PROVIDER
  secret      signing secret; set --add keeps the others  HOOKS_SECRET
  url         default target of hooks send               HOOKS_URL
  port        port of hooks listen (default 4665)        HOOKS_PORT
  forwardTo   local app hooks listen forwards to         HOOKS_FORWARD_TO
  tunnel      cloudflared or none (default cloudflared)  HOOKS_TUNNEL
  publicUrl   public URL that reaches hooks listen       HOOKS_PUBLIC_URL
  register    true: hooks listen registers (--register)  HOOKS_REGISTER

get and unset also take webhooks (every saved target) and webhooks.repo, .org, .shop, .business,
.environment: where hooks webhooks and listen --register work (hooks init --register saves them).

The profile is --profile, else HOOKS_PROFILE, else "default"; HOOKS_CONFIG_DIR moves the file.
Secrets are always shown masked. \`hooks config set secret -\` reads the secret from stdin.`;

/** `--json` and `--profile` may sit before or after the subcommand; read both levels. */
function globals(command: Command): { profile?: string; json: boolean } {
  const opts = command.optsWithGlobals<{ profile?: string; json?: boolean }>();
  return { ...(opts.profile ? { profile: opts.profile } : {}), json: Boolean(opts.json) };
}

export function defineConfig(program: Command): void {
  const config = program
    .command("config")
    .description("show and edit saved profiles (secrets masked)")
    .addHelpText("after", KEYS_HELP);

  config
    .command("list", { isDefault: true })
    .description("show the active profile (--all: every profile); the default")
    .option("--all", "every saved profile")
    .option("--json", "machine output on stdout")
    .action(async (flags: JsonFlag & { all?: boolean }, command: Command) => {
      const { listConfig } = await import("../config/edit.js");
      const { renderConfigList } = await import("../render/config.js");
      const { profile, json } = globals(command);
      renderConfigList(listConfig({ ...(profile ? { profile } : {}), all: Boolean(flags.all) }), {
        json,
      });
    });

  config
    .command("get <key>")
    .description("print one value of the active profile (secrets masked); exit 1 when unset")
    .option("--json", "machine output on stdout")
    .action(async (key: string, _flags: JsonFlag, command: Command) => {
      const { getConfig } = await import("../config/edit.js");
      const { renderConfigValue } = await import("../render/config.js");
      const { profile, json } = globals(command);
      const value = getConfig(profile, key);
      renderConfigValue(value, { json });
      // An unset key is exit 1, as with git config.
      if (value.value === null)
        throw new CheckFailed(`${value.key} is not set in profile "${value.profile}"`);
    });

  config
    .command("set <key> <value>")
    .description("validate and save one value (secret - reads stdin)")
    .option("--add", "secret only: keep the saved secrets and add this one (key rotation)")
    .option("--json", "machine output on stdout")
    .action(async (key: string, value: string, flags: { add?: boolean }, command: Command) => {
      const { setConfig } = await import("../config/edit.js");
      const { renderConfigChange } = await import("../render/config.js");
      const { profile, json } = globals(command);
      renderConfigChange(await setConfig(profile, key, value, { add: Boolean(flags.add) }), {
        json,
      });
    });

  config
    .command("unset <key>")
    .description("remove one value (secret: every secret) from the active profile")
    .option("--json", "machine output on stdout")
    .action(async (key: string, _flags: JsonFlag, command: Command) => {
      const { unsetConfig } = await import("../config/edit.js");
      const { renderConfigChange } = await import("../render/config.js");
      const { profile, json } = globals(command);
      renderConfigChange(await unsetConfig(profile, key), { json });
    });

  config
    .command("path")
    .description("print where the config file is (HOOKS_CONFIG_DIR overrides it)")
    .option("--json", "machine output on stdout")
    .action(async (_flags: JsonFlag, command: Command) => {
      const { configPath } = await import("../store/profiles.js");
      const { renderConfigPath } = await import("../render/config.js");
      renderConfigPath(configPath(), { json: globals(command).json });
    });
}
