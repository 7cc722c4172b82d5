import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parsePort, parseSecret } from "../config/keys.js";
import { DEFAULT_PORT } from "../config/resolve.js";
import { ask, validator } from "./ask.js";
import { getProvider, listProviders } from "../providers/index.js";
import type { Profile } from "../store/profiles.js";
import { maskSecret } from "../util/secrets.js";
import { parseUserUrl } from "../util/url.js";
import { API_SPECS, isApiProvider } from "../webhooks/api-table.js";
import { askRegister, askTargets } from "./ask-register.js";
import { guideFor, type ProviderGuide } from "./provider-guide.js";
import { canKeepSecret } from "./keep-secret.js";
import { checkRegisterFlags, mergeTargets, type WebhookTargets } from "./webhook-targets.js";

/** The few prompts the wizard uses, shaped like @inquirer/prompts so tests can stand in for it. */
export interface Prompts {
  select<T extends string>(config: {
    message: string;
    choices: { name: string; value: T; description?: string }[];
    default?: T | undefined;
  }): Promise<T>;
  input(config: {
    message: string;
    default?: string | undefined;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  password(config: {
    message: string;
    mask: string;
    validate?: (value: string) => true | string;
  }): Promise<string>;
}

export type SecretChoice = "keep" | "enter" | "generate" | "later";

/** What the wizard found out; anything given as a flag is passed in and not asked again. */
export interface Answers {
  provider: string;
  secretChoice: SecretChoice;
  secret?: string;
  secretFile?: string;
  url?: string;
  port: number;
  /** `hooks listen` registers by itself (`register: true` in the profile). */
  register?: boolean;
  /** Where the provider's API works (saved as the profile's `webhooks`). */
  webhooks?: WebhookTargets;
}

export const DEFAULT_SECRET_FILE = "webhook-secret.txt";

/**
 * Asks what `given` (the flags) did not say, one step a question; each step takes only what it
 * needs, so that the order of questions is the one thing this function decides.
 */
export async function runWizard(
  prompts: Prompts,
  given: Partial<Answers>,
  existing: Profile,
  cwd: string = process.cwd(),
): Promise<Answers> {
  const provider = given.provider ?? (await askProvider(prompts, existing.provider));
  const guide = guideFor(getProvider(provider));
  const flagged = checkRegisterFlags(provider, given);
  const spec = isApiProvider(provider) ? API_SPECS[provider] : undefined;
  const same = existing.provider === provider ? existing : undefined;
  const register =
    given.register ??
    (spec ? await askRegister(prompts, spec, getProvider(provider).name, same) : undefined);
  const webhooks =
    spec && register
      ? await askTargets(prompts, spec, flagged, same?.webhooks ?? {})
      : mergeTargets(existing, provider, flagged);
  const saved = canKeepSecret(existing, provider) ? (existing.secrets ?? []) : [];
  // Registering Square or Stripe, hooks learns the secret from the API on each run.
  const learnt = register && spec?.secretOrigin === "provider";
  const secretChoice =
    given.secretChoice ??
    (learnt ? (saved.length > 0 ? "keep" : "later") : await askSecretChoice(prompts, guide, saved));
  const secret =
    secretChoice === "enter" && given.secret === undefined
      ? await askSecret(prompts, guide.secretName)
      : given.secret;
  const secretFile =
    secretChoice === "generate" && given.secretFile === undefined
      ? await askSecretFile(prompts, cwd)
      : given.secretFile;
  const url = "url" in given ? given.url : await askUrl(prompts, existing.url);
  const port = given.port ?? (await askPort(prompts, existing.port));
  return {
    provider,
    secretChoice,
    port,
    ...(register !== undefined ? { register } : {}),
    ...(Object.keys(webhooks).length > 0 ? { webhooks } : {}),
    ...(secret !== undefined ? { secret } : {}),
    ...(secretFile !== undefined ? { secretFile: secretFile.trim() } : {}),
    ...(url !== undefined ? { url: url.trim() } : {}),
  };
}

function askProvider(prompts: Prompts, saved: string | undefined): Promise<string> {
  return ask(() =>
    prompts.select({
      message: "Which provider sends the webhooks?",
      choices: listProviders().map((provider) => ({
        name: `${provider.name} (${provider.id})`,
        value: provider.id,
        description: `needs ${guideFor(provider).needs}`,
      })),
      default: saved,
    }),
  );
}

/** Keep (when a secret for this provider is saved), type, generate (where the user picks it), later. */
function askSecretChoice(
  prompts: Prompts,
  guide: Pick<ProviderGuide, "generate" | "secretName">,
  saved: readonly string[],
): Promise<SecretChoice> {
  const choices: { name: string; value: SecretChoice }[] = [
    ...(saved.length > 0
      ? [
          {
            name: `Keep the saved one (${saved.map(maskSecret).join(", ")})`,
            value: "keep" as const,
          },
        ]
      : []),
    { name: "Type or paste it (input hidden)", value: "enter" },
    ...(guide.generate
      ? [
          {
            name: "Generate a new one (written to an owner-only file for your app)",
            value: "generate" as const,
          },
        ]
      : []),
    { name: "Later (hooks config set secret -)", value: "later" },
  ];
  return ask(() =>
    prompts.select({ message: `The ${guide.secretName}:`, choices, default: choices[0]?.value }),
  );
}

function askSecret(prompts: Prompts, secretName: string): Promise<string> {
  return ask(() =>
    prompts.password({ message: `${secretName}:`, mask: "*", validate: validator(parseSecret) }),
  );
}

function askSecretFile(prompts: Prompts, cwd: string): Promise<string> {
  return ask(() =>
    prompts.input({
      message: "Write the generated secret to which file?",
      default: DEFAULT_SECRET_FILE,
      validate: (value) =>
        value.trim() === ""
          ? "give a file name"
          : existsSync(resolve(cwd, value.trim()))
            ? `${value.trim()} exists; choose a new file`
            : true,
    }),
  );
}

/** The answer normalised by the URL rule (`3000` is http://localhost:3000); empty skips it. */
async function askUrl(prompts: Prompts, saved: string | undefined): Promise<string | undefined> {
  const parse = (value: string): string => parseUserUrl(value, "url");
  const answer = await ask(() =>
    prompts.input({
      message: "Your app's webhook URL, the default target of hooks send (empty to skip):",
      default: saved,
      validate: (value) => (value.trim() === "" ? true : validator(parse)(value)),
    }),
  );
  return answer.trim() === "" ? undefined : parse(answer);
}

async function askPort(prompts: Prompts, saved: number | undefined): Promise<number> {
  return parsePort(
    await ask(() =>
      prompts.input({
        message: "Port for hooks listen:",
        default: String(saved ?? DEFAULT_PORT),
        validate: validator(parsePort),
      }),
    ),
  );
}
