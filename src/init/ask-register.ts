import type { Profile } from "../store/profiles.js";
import type { ApiSpec } from "../webhooks/api-table.js";
import { ask, validator } from "./ask.js";
import { parseTarget, TARGETS, type TargetName, type WebhookTargets } from "./webhook-targets.js";
import type { Prompts } from "./wizard.js";

/** `GITHUB_TOKEN or GH_TOKEN (or gh auth login)`, `UP42_USERNAME and UP42_PASSWORD`. */
export function credentialNames(spec: ApiSpec): string {
  return spec.credentials
    .map((credential) => {
      const names = credential.env.join(" or ");
      const login = credential.fallbackCommand?.[0];
      return login ? `${names} (or ${login} auth login)` : names;
    })
    .join(" and ");
}

/** Whether `hooks listen` should register; the saved answer is the default for the same provider. */
export async function askRegister(
  prompts: Prompts,
  spec: ApiSpec,
  providerName: string,
  saved: Profile | undefined,
): Promise<boolean> {
  const answer = await ask(() =>
    prompts.select<"yes" | "no">({
      message: `Should hooks listen point the ${providerName} webhook at its tunnel automatically?`,
      choices: [
        {
          name: `Yes, through the ${spec.label} (needs ${credentialNames(spec)} in the environment)`,
          value: "yes",
          description: spec.credentials
            .map((credential) => `${credential.env[0]}: ${credential.what}`)
            .join("; "),
        },
        { name: "No, I set the URL at the provider myself", value: "no" },
      ],
      default: saved === undefined || saved.register ? "yes" : "no",
    }),
  );
  return answer === "yes";
}

/**
 * The targets the provider's API needs that the flags did not give: one of its kinds (GitHub:
 * a repository or an organisation), then Square's environment. Saved ones are the defaults.
 */
export async function askTargets(
  prompts: Prompts,
  spec: ApiSpec,
  given: WebhookTargets,
  saved: WebhookTargets,
): Promise<WebhookTargets> {
  const out: WebhookTargets = { ...given };
  if (spec.targets.length > 0 && !spec.targets.some((name) => given[name] !== undefined)) {
    const kind =
      spec.targets.length === 1
        ? spec.targets[0]
        : await ask(() =>
            prompts.select<TargetName>({
              message: "Which hooks?",
              choices: spec.targets.map((name) => ({ name: KIND_NAMES[name], value: name })),
              default: spec.targets.find((name) => saved[name] !== undefined),
            }),
          );
    if (kind !== undefined) out[kind] = await askTarget(prompts, kind, saved[kind]);
  }
  if (spec.environments && given.environment === undefined) {
    out.environment = await ask(() =>
      prompts.select<"sandbox" | "production">({
        message: TARGETS.environment.question,
        choices: [
          { name: "Sandbox (test data)", value: "sandbox" },
          { name: "Production", value: "production" },
        ],
        default: saved.environment === "production" ? "production" : "sandbox",
      }),
    );
  }
  return out;
}

const KIND_NAMES: Record<TargetName, string> = {
  repo: "A repository's",
  org: "An organisation's",
  shop: "A shop's",
  business: "A business's",
  environment: "An environment's",
};

async function askTarget(
  prompts: Prompts,
  name: TargetName,
  saved: string | undefined,
): Promise<string> {
  const parse = (value: string): string => parseTarget(name, value, name);
  return parse(
    await ask(() =>
      prompts.input({
        message: TARGETS[name].question,
        default: saved,
        validate: validator(parse),
      }),
    ),
  );
}
