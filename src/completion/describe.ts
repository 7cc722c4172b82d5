import type { Command, Option } from "commander";
import { CONFIG_KEYS, TUNNELS } from "../config/keys.js";
import { listEvents } from "../providers/catalog.js";
import { listProviders } from "../providers/index.js";

/** What may follow an option or fill an argument. */
export type ValueKind =
  | { kind: "none" }
  | { kind: "providers" }
  | { kind: "events" }
  | { kind: "files" }
  | { kind: "words"; words: string[] };

export interface OptionSpec {
  /** `-v`, `--version`. */
  names: string[];
  /** True when the option needs a value (the next word); optional values are not consumed. */
  takesValue: boolean;
  value: ValueKind;
  description: string;
}

export interface CommandSpec {
  /** Words from the root, e.g. ["config", "set"]; [] for the program itself. */
  path: string[];
  description: string;
  /** Own options plus the program's global ones and --help. */
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** What each positional argument completes to, in order. */
  args: ValueKind[];
}

export interface CompletionSpec {
  program: string;
  /** Every command, the program itself first, then depth-first. */
  commands: CommandSpec[];
  providers: { id: string; name: string }[];
  /** Every provider's sample event names. */
  events: Record<string, string[]>;
}

/**
 * Words that go into a generated shell script unquoted must be plain: provider ids, event names
 * (`O.CREATE`, `orders/create`), flags and command names all are.
 */
const SAFE_WORD = /^[A-Za-z0-9-][A-Za-z0-9._:/@+-]*$/;
const safe = (words: readonly string[]): string[] => words.filter((word) => SAFE_WORD.test(word));

/** Options whose values hooks knows by name, wherever they appear. */
const KNOWN_OPTION_VALUES: Record<string, ValueKind> = {
  "--provider": { kind: "providers" },
  "--event": { kind: "events" },
  "--tunnel": { kind: "words", words: [...TUNNELS] },
};

function optionValue(option: Option): ValueKind {
  if (!option.required) return { kind: "none" };
  const known = option.long ? KNOWN_OPTION_VALUES[option.long] : undefined;
  if (known) return known;
  if (option.argChoices) return { kind: "words", words: safe(option.argChoices) };
  const placeholder = /[<[]([^>\]]*)[>\]]/.exec(option.flags)?.[1] ?? "";
  if (/\bfile\b/.test(placeholder) || placeholder === "path") return { kind: "files" };
  return { kind: "none" };
}

function describeOption(option: Option): OptionSpec {
  return {
    names: safe([option.short, option.long].filter((name): name is string => Boolean(name))),
    takesValue: option.required,
    value: optionValue(option),
    description: option.description,
  };
}

const HELP: OptionSpec = {
  names: ["-h", "--help"],
  takesValue: false,
  value: { kind: "none" },
  description: "display help for command",
};

/** Positional arguments hooks can complete: a provider id, a config key, or declared choices. */
function argumentValue(path: string[], name: string, choices?: readonly string[]): ValueKind {
  if (choices) return { kind: "words", words: safe(choices) };
  if (path[0] === "providers" && name === "id") return { kind: "providers" };
  if (path[0] === "config" && name === "key") return { kind: "words", words: [...CONFIG_KEYS] };
  if (name === "file" || name === "path") return { kind: "files" };
  return { kind: "none" };
}

function describeCommand(command: Command, path: string[], globals: OptionSpec[]): CommandSpec {
  const own = command.options.filter((option) => !option.hidden).map(describeOption);
  return {
    path,
    description: command.description(),
    // --version belongs to the program alone, though commander would accept it anywhere.
    options:
      path.length === 0
        ? [...globals, HELP]
        : [...own, ...globals.filter((option) => !option.names.includes("--version")), HELP],
    subcommands: command.commands
      .filter((sub) => SAFE_WORD.test(sub.name()))
      .map((sub) => describeCommand(sub, [...path, sub.name()], globals)),
    args: command.registeredArguments.map((arg) => argumentValue(path, arg.name(), arg.argChoices)),
  };
}

/** Reads commands and flags off the live commander program, so new ones complete by themselves. */
export function describeProgram(program: Command): CompletionSpec {
  const globals = program.options.filter((option) => !option.hidden).map(describeOption);
  const commands: CommandSpec[] = [];
  const walk = (spec: CommandSpec): void => {
    commands.push(spec);
    spec.subcommands.forEach(walk);
  };
  walk(describeCommand(program, [], globals));
  const providers = listProviders()
    .filter(({ id }) => SAFE_WORD.test(id))
    .map(({ id, name }) => ({ id, name }));
  const events: Record<string, string[]> = {};
  for (const { id } of providers) events[id] = safe(listEvents(id).map((event) => event.name));
  return { program: program.name(), commands, providers, events };
}

/** The path as the scripts key it: words joined by one space; "" for the program. */
export const pathKey = (path: readonly string[]): string => path.join(" ");

/** Every event name of every provider, once each (for `--event` before `--provider`). */
export function allEvents(spec: CompletionSpec): string[] {
  return [...new Set(Object.values(spec.events).flat())].sort();
}

/** Descriptions go inside single quotes in zsh and fish: escape them, keep them to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
