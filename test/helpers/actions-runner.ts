import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Just enough of a GitHub Actions runner to run the README's workflows and action.yml here, on
 * 127.0.0.1: `run:` steps go to `bash --noprofile --norc -eo pipefail <file>` as on GitHub's
 * Ubuntu runners, with GITHUB_ACTIONS, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set; a `uses:` of
 * this repository's action runs action.yml's composite steps with its inputs. The steps the
 * machine already did (checkout, setup-node) and artifact upload are skipped. Any expression or
 * `if:` it does not know throws, so a workflow cannot pass by being half read.
 */
export interface RunnerContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  secrets: Record<string, string>;
  /** Where action.yml is (the repository's root). */
  actionDir: string;
  /** Steps the test stands in for (the app it starts itself, an install it tested elsewhere). */
  skip?: (step: Step) => boolean;
  /** Inputs of the action the test sets over the workflow's `with:`. */
  inputOverrides?: Record<string, string> | undefined;
}

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string | number>;
  with?: Record<string, string | number>;
  shell?: string;
}

export interface JobResult {
  code: number;
  output: string;
  summaryFile: string;
}

const SKIPPED_ACTIONS = /^actions\/(checkout|setup-node|upload-artifact)@/;

/** Runs the first job of a workflow; the result's code is the first failing step's, else 0. */
export async function runWorkflow(workflow: string, context: RunnerContext): Promise<JobResult> {
  const doc = parse(workflow) as { jobs: Record<string, { steps: Step[] }> };
  const job = Object.values(doc.jobs)[0];
  if (!job) throw new Error("the workflow has no job");
  const scratch = mkdtempSync(join(tmpdir(), "hooks-runner-"));
  const summaryFile = join(scratch, "step-summary.md");
  writeFileSync(summaryFile, "");
  const state = { output: "", code: 0, summaryFile, scratch };
  const scope: Scope = { secrets: context.secrets, inputs: {}, steps: {}, actionPath: "" };
  await runSteps(job.steps, scope, context, state);
  return { code: state.code, output: state.output, summaryFile };
}

interface Scope {
  secrets: Record<string, string>;
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  actionPath: string;
}

interface State {
  output: string;
  code: number;
  summaryFile: string;
  scratch: string;
}

async function runSteps(steps: Step[], scope: Scope, context: RunnerContext, state: State) {
  for (const step of steps) {
    if (context.skip?.(step)) continue;
    const condition = step.if === undefined ? "success()" : step.if;
    if (!evaluateIf(condition, scope, state.code)) continue;
    if (step.uses !== undefined) {
      if (SKIPPED_ACTIONS.test(step.uses)) continue;
      await runAction(step, scope, context, state);
      continue;
    }
    if (step.run === undefined)
      throw new Error(`step ${step.name ?? "?"} has neither run nor uses`);
    const outputs = await runScript(step, scope, context, state);
    if (step.id) scope.steps[step.id] = outputs;
  }
}

/** This repository's composite action: action.yml's steps, with its inputs' defaults. */
async function runAction(step: Step, scope: Scope, context: RunnerContext, state: State) {
  const action = parse(readFileSync(join(context.actionDir, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    runs: { using: string; steps: Step[] };
  };
  if (action.runs.using !== "composite") throw new Error("action.yml is not a composite action");
  const given = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, value]) => [name, expand(String(value), scope)]),
  );
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = context.inputOverrides?.[name] ?? given[name] ?? input.default;
    if (value === undefined && input.required) throw new Error(`input ${name} is required`);
    inputs[name] = value ?? "";
  }
  for (const name of Object.keys(given)) {
    if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  }
  const inner: Scope = { ...scope, inputs, steps: {}, actionPath: context.actionDir };
  await runSteps(action.runs.steps, inner, context, state);
}

function runScript(step: Step, scope: Scope, context: RunnerContext, state: State) {
  if (step.shell !== undefined && step.shell !== "bash") throw new Error(`shell ${step.shell}`);
  const script = join(state.scratch, `step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(script, expand(step.run ?? "", scope));
  const outputFile = `${script}.output`;
  writeFileSync(outputFile, "");
  const env: NodeJS.ProcessEnv = {
    ...context.env,
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: state.summaryFile,
    ...Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(String(value), scope)]),
    ),
  };
  return new Promise<Record<string, string>>((resolve) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: context.cwd,
      env,
    });
    child.stdout.on("data", (chunk: Buffer) => (state.output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (state.output += chunk.toString()));
    child.on("close", (code) => {
      if (code !== 0 && state.code === 0) state.code = code ?? 1;
      const outputs: Record<string, string> = {};
      for (const line of readFileSync(outputFile, "utf8").split("\n")) {
        const at = line.indexOf("=");
        if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
      }
      resolve(outputs);
    });
  });
}

/** `${{ … }}` in a value: secrets, inputs, step outputs and the action's path only. */
function expand(text: string, scope: Scope): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const value = lookup(expression, scope);
    if (value === undefined) throw new Error(`unknown expression \${{ ${expression} }}`);
    return value;
  });
}

function lookup(expression: string, scope: Scope): string | undefined {
  let match = /^secrets\.(\w+)$/.exec(expression);
  if (match) return scope.secrets[match[1]!] ?? "";
  match = /^inputs\.([\w-]+)$/.exec(expression);
  if (match) return scope.inputs[match[1]!];
  match = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
  if (match) return scope.steps[match[1]!]?.[match[2]!] ?? "";
  if (expression === "github.action_path") return scope.actionPath;
  return undefined;
}

/** The `if:` forms the workflows use: always(), success(), and `inputs.x != ''` / `== ''`. */
function evaluateIf(condition: string, scope: Scope, failed: number): boolean {
  const text = condition.replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
  if (text === "always()") return true;
  if (text === "success()") return failed === 0;
  const match = /^inputs\.([\w-]+)\s*(!=|==)\s*''$/.exec(text);
  if (match) {
    const empty = (scope.inputs[match[1]!] ?? "") === "";
    return failed === 0 && (match[2] === "==" ? empty : !empty);
  }
  throw new Error(`unknown if: ${condition}`);
}
