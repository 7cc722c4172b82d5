import type { Command } from "commander";
import { CheckFailed } from "../errors.js";

export function defineDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "check Node.js, cloudflared, the config file and profile, the listener port and proxy settings",
    )
    .option("--port <n>", "check this port instead of the profile's (default 4665)")
    .option(
      "--forward-to <url>",
      "also check that your app answers there (and how to reach it from a container or WSL)",
    )
    .option("--json", 'machine output: {"ok":bool,"checks":[{"name","status","message","fix"}]}')
    .action(
      async (flags: { port?: string; forwardTo?: string; json?: boolean }, command: Command) => {
        const { runDoctor } = await import("../doctor/run-doctor.js");
        const { renderDoctor } = await import("../render/doctor.js");
        const report = await runDoctor({
          profile: command.optsWithGlobals<{ profile?: string }>().profile,
          port: flags.port,
          forwardTo: flags.forwardTo,
        });
        renderDoctor(report, { json: Boolean(flags.json) });
        const failed = report.checks.filter((check) => check.status === "fail").length;
        // The report has said which checks failed and how to fix them.
        if (failed > 0) throw new CheckFailed(`${failed} check(s) failed`, true);
      },
    );
}
