import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { bashScript } from "./bash.js";
import { describeProgram } from "./describe.js";
import { fishScript } from "./fish.js";
import { zshScript } from "./zsh.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The completion script for `shell`, generated from the live commander program. */
export function completionScript(shell: string, program: Command): string {
  const spec = describeProgram(program);
  switch (shell) {
    case "bash":
      return bashScript(spec);
    case "zsh":
      return zshScript(spec);
    case "fish":
      return fishScript(spec);
    default:
      throw new UsageError(`unknown shell "${shell}"; allowed: ${SHELLS.join(", ")}`);
  }
}
