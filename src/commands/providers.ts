import type { Command } from "commander";

export function defineProviders(program: Command): void {
  const providers = program
    .command("providers")
    .description("list the built-in providers and their signature schemes")
    .option("--json", "machine output on stdout")
    .action(async (opts: { json?: boolean }) => {
      const { summarizeAll } = await import("../providers/summary.js");
      const { renderProviderList } = await import("../render/providers.js");
      renderProviderList(summarizeAll(), { json: Boolean(opts.json) });
    });
  providers
    .command("show <id>")
    .description("show one provider: headers, signed bytes, timeout, retries and sample events")
    .option("--json", "machine output on stdout")
    .action(async (id: string, _opts: unknown, command: Command) => {
      // `--json` after `show` is claimed by the parent command, so read it from both.
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      const { summarize } = await import("../providers/summary.js");
      const { renderProvider } = await import("../render/providers.js");
      renderProvider(summarize(id), { json: Boolean(opts.json) });
    });
}
