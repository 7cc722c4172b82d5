import chalk from "chalk";
import type { ExportedFile } from "../events/run-export.js";
import { printJson, printLine } from "./out.js";
import { printable } from "./printable.js";

/** `hooks events export`: one line per file written, its notes indented under it. */
export function renderExport(
  result: { dir: string; files: ExportedFile[] },
  { json }: { json: boolean },
): void {
  if (json) return printJson(result);
  for (const file of result.files) {
    // The event name came from the request.
    printLine(
      `${chalk.green("wrote")} ${printable(file.file)}  ${chalk.dim(printable(file.event))}`,
    );
    for (const note of file.notes) printLine(chalk.dim(`  ${printable(note)}`));
  }
  const count = result.files.length;
  printLine(
    chalk.dim(
      `${count} sample file(s) in ${printable(result.dir)}; send them with hooks send <url> --samples ${printable(result.dir)}`,
    ),
  );
}
