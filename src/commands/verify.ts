import type { Command } from "commander";
import { collect } from "../util/input.js";
import { VERIFY_FLAGS, type VerifyFlags } from "./verify-flags.js";

export function defineVerify(program: Command): void {
  const command = program
    .command("verify")
    .description("check a webhook signature and say why it fails");
  for (const flag of VERIFY_FLAGS) {
    const spec = flag.value ? `--${flag.name} ${flag.value}` : `--${flag.name}`;
    if (flag.repeatable) command.option(spec, flag.description, collect);
    else command.option(spec, flag.description);
  }
  command.action(async (flags: VerifyFlags, self: Command) => {
    const { verifyAndRender } = await import("../signing/verify-from-flags.js");
    await verifyAndRender({ ...flags, profile: self.optsWithGlobals<VerifyFlags>().profile });
  });
}
