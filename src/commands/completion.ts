import { Argument, type Command } from "commander";

export function defineCompletion(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script (commands, flags, providers, event names)")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      "\nInstall:\n" +
        "  bash  hooks completion bash > ~/.local/share/bash-completion/completions/hooks\n" +
        '  zsh   hooks completion zsh > "${fpath[1]}/_hooks"\n' +
        "  fish  hooks completion fish > ~/.config/fish/completions/hooks.fish",
    )
    .action(async (shell: string, _flags: unknown, command: Command) => {
      const { completionScript } = await import("../completion/generate.js");
      // The script describes the program this command belongs to, so every command and flag
      // registered in src/program.ts completes without a list to keep in step.
      let root = command;
      while (root.parent) root = root.parent;
      process.stdout.write(completionScript(shell, root));
    });
}
