import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { saveProfile, showProfile, type ShownProfile } from "../config/edit.js";
import { parsePort, parseProviderId, parseSecret } from "../config/keys.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import { chooseProfile } from "../config/resolve.js";
import {
  checkProfileName,
  configPath,
  DEFAULT_PROFILE,
  readConfigFile,
  type Profile,
} from "../store/profiles.js";
import { fileError } from "../util/file-error.js";
import { parseUserUrl } from "../util/url.js";
import { generateSecret } from "./generate-secret.js";
import { canKeepSecret } from "./keep-secret.js";
import { guideFor, nextSteps, type NextStep } from "./provider-guide.js";
import { DEFAULT_SECRET_FILE, runWizard, type Answers, type Prompts } from "./wizard.js";

export interface InitFlags {
  profile?: string | undefined;
  provider?: string | undefined;
  secret?: string | undefined;
  generateSecret?: boolean | undefined;
  secretFile?: string | undefined;
  url?: string | undefined;
  port?: string | undefined;
}

export interface InitDeps {
  /** Whether questions may be asked; by default, when stdin and stdout are terminals. */
  interactive?: boolean;
  prompts?: () => Promise<Prompts>;
  random?: (size: number) => Buffer;
  cwd?: string;
}

export interface InitResult {
  profile: string;
  path: string;
  provider: { id: string; name: string };
  /** What was saved, secrets masked. */
  values: ShownProfile;
  /** Where a generated secret was written (owner-only). */
  secretFile?: string;
  nextSteps: NextStep[];
}

const NO_TTY =
  "no terminal to ask the questions in; pass the answers as flags instead: " +
  "hooks init --provider <id> [--secret <s> | --generate-secret [--secret-file <file>]] [--url <url>] [--port <n>], " +
  "or save them one by one: hooks config set provider <id>; hooks config set secret - (reads stdin); " +
  "hooks config set url <url>; hooks config set port <n>";

/** Flags answer questions in advance; validated before anything is asked. */
function answersFromFlags(flags: InitFlags): Partial<Answers> {
  if (flags.secret !== undefined && flags.generateSecret) {
    throw new UsageError("pass either --secret or --generate-secret, not both");
  }
  if (flags.secretFile !== undefined && !flags.generateSecret) {
    throw new UsageError("--secret-file goes with --generate-secret");
  }
  const given: Partial<Answers> = {};
  if (flags.provider !== undefined) given.provider = parseProviderId(flags.provider, "--provider");
  if (flags.secret !== undefined) {
    given.secretChoice = "enter";
    given.secret = parseSecret(flags.secret, "--secret");
  }
  if (flags.generateSecret) {
    given.secretChoice = "generate";
    given.secretFile = flags.secretFile ?? DEFAULT_SECRET_FILE;
  }
  if (flags.url !== undefined) given.url = parseUserUrl(flags.url, "--url");
  if (flags.port !== undefined) given.port = parsePort(flags.port, "--port");
  return given;
}

async function inquirerPrompts(): Promise<Prompts> {
  const { select, input, password } = await import("@inquirer/prompts");
  return { select, input, password } as unknown as Prompts;
}

/**
 * `hooks init`: asks what flags did not say (or, with no terminal, takes the flags alone),
 * writes a generated secret to an owner-only file, saves the profile and works out the next steps.
 */
export async function runInit(flags: InitFlags, deps: InitDeps = {}): Promise<InitResult> {
  const name = checkProfileName(chooseProfile(flags.profile).name);
  const given = answersFromFlags(flags);
  const existing: Profile = readConfigFile()?.profiles[name] ?? {};
  const interactive = deps.interactive ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const cwd = deps.cwd ?? process.cwd();

  let answers: Answers;
  if (interactive) {
    answers = await runWizard(await (deps.prompts ?? inquirerPrompts)(), given, existing, cwd);
  } else {
    if (!given.provider) throw new UsageError(NO_TTY);
    answers = {
      secretChoice: canKeepSecret(existing, given.provider) ? "keep" : "later",
      port: existing.port ?? 0,
      ...(existing.url ? { url: existing.url } : {}),
      ...given,
    } as Answers;
  }

  const provider = getProvider(answers.provider);
  const values: Profile = { provider: provider.id };
  if (answers.port) values.port = answers.port;
  if (answers.url) values.url = answers.url;
  let secretFile: string | undefined;
  if (answers.secretChoice === "enter" && answers.secret) values.secrets = [answers.secret];
  if (answers.secretChoice === "generate") {
    const kind = guideFor(provider).generate;
    if (!kind) {
      throw new UsageError(
        `${provider.name} issues its own secret (${guideFor(provider).needs}); pass it with --secret or save it with \`hooks config set secret -\``,
      );
    }
    const secret = generateSecret(kind, deps.random);
    secretFile = resolve(cwd, answers.secretFile ?? DEFAULT_SECRET_FILE);
    writeSecretFile(secretFile, secret);
    values.secrets = [secret];
  }

  // "Later" in the wizard means no secret yet, not the one saved for what may be another provider.
  const path = await saveProfile(name, values, answers.secretChoice === "later" ? ["secrets"] : []);
  const saved = readConfigFile(configPath())?.profiles[name] ?? values;
  return {
    profile: name,
    path,
    provider: { id: provider.id, name: provider.name },
    values: showProfile(saved),
    ...(secretFile ? { secretFile } : {}),
    nextSteps: nextSteps(provider, {
      profileFlag: name === DEFAULT_PROFILE ? "" : ` --profile ${name}`,
      url: saved.url,
      port: saved.port ?? 4665,
      hasSecret: (saved.secrets ?? []).length > 0,
      secretFile,
    }),
  };
}

/** Owner-only, and never over an existing file (it may hold another secret). */
function writeSecretFile(path: string, secret: string): void {
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new UsageError(
        `${path} exists; pass --secret-file <new file> (hooks never overwrites a secret file)`,
      );
    }
    throw fileError(
      "write the secret to",
      path,
      error,
      "pass --secret-file <file> somewhere writable",
    );
  }
}
