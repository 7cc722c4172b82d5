import type { Prompts } from "../../src/init/wizard.js";

export type Question = { kind: "select" | "input" | "password"; message: string; config: unknown };

/** Stands in for inquirer: answers in order, records every question it was asked. */
export function scripted(answers: (string | Error)[]): {
  prompts: () => Promise<Prompts>;
  asked: Question[];
} {
  const asked: Question[] = [];
  const next =
    (kind: Question["kind"]) =>
    async (config: {
      message: string;
      validate?: (v: string) => true | string;
      choices?: { value: string }[];
    }) => {
      asked.push({ kind, message: config.message, config });
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${config.message}`);
      if (answer instanceof Error) throw answer;
      // A select can only answer with one of its choices, as inquirer's can.
      if (config.choices && !config.choices.some((choice) => choice.value === answer)) {
        throw new Error(`"${answer}" is not a choice of: ${config.message}`);
      }
      const verdict = config.validate?.(answer) ?? true;
      if (verdict !== true) throw new Error(`answer "${answer}" rejected: ${verdict}`);
      return answer;
    };
  const prompts = {
    select: next("select"),
    input: next("input"),
    password: next("password"),
  } as unknown as Prompts;
  return { prompts: async () => prompts, asked };
}
