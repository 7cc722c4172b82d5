import { Cancelled } from "../errors.js";

/** Turns a parser that throws into an inquirer validator that answers with the reason. */
export function validator(parse: (value: string) => unknown): (value: string) => true | string {
  return (value) => {
    try {
      parse(value);
      return true;
    } catch (error) {
      return (error as Error).message;
    }
  };
}

/** Ctrl-C at any question: inquirer throws ExitPromptError; the CLI wants a clean exit 130. */
export async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error | null)?.name === "ExitPromptError") throw new Cancelled();
    throw error;
  }
}
