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
import {
  checkRegisterFlags,
  mergeTargets,
  missingCredentials,
  registerSpec,
  requireTarget,
  TARGET_NAMES,
  type WebhookTargets,
} from "./webhook-targets.js";
import { DEFAULT_SECRET_FILE, runWizard, type Answers, type Prompts } from "./wizard.js";

export interface InitFlags {
  profile?: string | undefined;
  provider?: string | undefined;
  secret?: string | undefined;
  generateSecret?: boolean | undefined;
  secretFile?: string | undefined;
  url?: string | undefined;
  port?: string | undefined;
  /** `--register` (true) or `--no-register` (false): does `hooks listen` register by itself. */
  register?: boolean | undefined;
  repo?: string | undefined;
  org?: string | undefined;
  shop?: string | undefined;
  business?: string | undefined;
  environment?: string | undefined;
}

export interface InitDeps {
  /** Whether questions may be asked; by default, when stdin and stdout are terminals. */
  interactive?: boolean;
  prompts?: () => Promise<Prompts>;
  random?: (size: number) => Buffer;
  cwd?: string;
  /** Where the provider's credential variables are looked for (the next steps say what is missing). */
  env?: NodeJS.ProcessEnv;
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
  "hooks init --provider <id> [--secret <s> | --generate-secret [--secret-file <file>]] [--url <url>] [--port <n>] " +
  "[--register [--repo <owner/name> | --org <name> | --shop <name>.myshopify.com | --business <id> | --environment <env>]], " +
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
  if (flags.register !== undefined) given.register = flags.register;
  const targets: WebhookTargets = {};
  for (const name of TARGET_NAMES) {
    const value = flags[name];
    if (value !== undefined) targets[name] = value;
  }
  // Checked against the provider once it is known (checkRegisterFlags).
  if (Object.keys(targets).length > 0) given.webhooks = targets;
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
    const same = existing.provider === given.provider;
    const webhooks = mergeTargets(
      existing,
      given.provider,
      checkRegisterFlags(given.provider, given),
    );
    answers = {
      secretChoice: canKeepSecret(existing, given.provider) ? "keep" : "later",
      port: existing.port ?? 0,
      ...(existing.url ? { url: existing.url } : {}),
      ...(same && existing.register ? { register: true } : {}),
      ...given,
      webhooks,
    } as Answers;
  }
  const spec = answers.register ? registerSpec(answers.provider) : undefined;
  if (spec) requireTarget(spec, answers.webhooks ?? {});

  const provider = getProvider(answers.provider);
  const values: Profile = { provider: provider.id };
  if (answers.port) values.port = answers.port;
  if (answers.url) values.url = answers.url;
  if (spec) values.register = true;
  const webhooks = answers.webhooks ?? {};
  if (Object.keys(webhooks).length > 0) values.webhooks = webhooks;
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
  const remove: (keyof Profile)[] = answers.secretChoice === "later" ? ["secrets"] : [];
  if (!values.register) remove.push("register");
  if (!values.webhooks) remove.push("webhooks");
  const path = await saveProfile(name, values, remove);
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
      ...(spec
        ? { register: { spec, missing: missingCredentials(spec, saved, deps.env ?? process.env) } }
        : {}),
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
