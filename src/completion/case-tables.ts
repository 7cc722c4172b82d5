import { pathKey, type CompletionSpec, type ValueKind } from "./describe.js";

/** A value kind as the scripts pass it around: `providers`, `events`, `files`, `words:a b`. */
export function kindWord(value: ValueKind): string {
  return value.kind === "words" ? `words:${value.words.join(" ")}` : value.kind;
}

/** One arm of a shell `case` (bash and zsh share the syntax). */
export const caseLine = (pattern: string, body: string): string =>
  `    ${JSON.stringify(pattern)}) ${body} ;;`;

/** `_hooks`: the prefix of the generated shell functions. */
export const functionPrefix = (program: string): string =>
  `_${program.replace(/[^A-Za-z0-9]/g, "_")}`;

/**
 * The `case` arms bash and zsh share: what the value of each option (`<command>|<flag>`) and each
 * positional argument (`<command>|<index>`) completes to. `body` says it in the shell's own way.
 */
export function valueCases(
  spec: CompletionSpec,
  body: (word: string) => string,
): { values: string[]; args: string[] } {
  const values: string[] = [];
  const args: string[] = [];
  for (const command of spec.commands) {
    const key = pathKey(command.path);
    for (const option of command.options.filter((o) => o.takesValue)) {
      for (const flag of option.names)
        values.push(caseLine(`${key}|${flag}`, body(kindWord(option.value))));
    }
    command.args.forEach((value, index) => {
      if (value.kind !== "none") args.push(caseLine(`${key}|${index}`, body(kindWord(value))));
    });
  }
  return { values, args };
}
