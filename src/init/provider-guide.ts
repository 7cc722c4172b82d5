import { CLOVER_MANUAL } from "../config/resolve-api.js";
import type { Provider } from "../providers/types.js";
import type { ApiSpec, CredentialSpec } from "../webhooks/api-table.js";

/** One next step after `hooks init`: what to do, and the exact command when there is one. */
export interface NextStep {
  text: string;
  command?: string;
}

export interface GuideContext {
  /** ` --profile <name>` when the profile is not the default one, else "". */
  profileFlag: string;
  /** The saved default target of `hooks send`, if any. */
  url: string | undefined;
  port: number;
  hasSecret: boolean;
  /** Where a generated secret was written. */
  secretFile: string | undefined;
  /** Set when `hooks listen` registers by itself: the API, and the credentials not yet exported. */
  register?: { spec: ApiSpec; missing: CredentialSpec[] } | undefined;
}

/** How `hooks init` treats a provider: what it asks for and what the user does next. */
export interface ProviderGuide {
  /** One line on what the provider needs, shown beside it in the wizard. */
  needs: string;
  /** The name of the secret in the provider's own words, used as the prompt. */
  secretName: string;
  /**
   * Set where the user chooses the secret (and so `hooks init` may generate one): `whsec` is a
   * Standard Webhooks key (whsec_ + base64 of 24 random bytes), `random` 32 random bytes as hex.
   * Unset where the provider issues it (Clover, Square, Stripe, Shopify, Slack).
   */
  generate?: "whsec" | "random";
  /** The provider's own set-up steps, between `hooks listen` and testing with `hooks send`. */
  setup(context: GuideContext): NextStep[];
}

const listenStep = (c: GuideContext): NextStep => ({
  text: `Start the listener (port ${c.port}); it prints a public https URL for the provider:`,
  command: `hooks listen${c.profileFlag}`,
});

const secretStep = (c: GuideContext, where: string): NextStep[] =>
  c.hasSecret
    ? []
    : [
        {
          text: `${where}, then save it (paste, Enter, Ctrl-D):`,
          command: `hooks config set secret -${c.profileFlag}`,
        },
      ];

const giveSecretStep = (c: GuideContext, to: string): NextStep[] =>
  c.secretFile
    ? [
        {
          text: `The generated secret is in ${c.secretFile} (owner-only): give it to ${to}, then delete the file.`,
        },
      ]
    : [];

const GUIDES: Record<string, ProviderGuide> = {
  clover: {
    needs: "the Clover Auth Code, shown in App Settings › Webhooks once the URL is verified",
    secretName: "Clover Auth Code",
    setup: (c) => [
      listenStep(c),
      { text: `${CLOVER_MANUAL}.` },
      {
        text: "There (Your Apps › your app › App Settings › Webhooks), paste that public URL into Webhook URL.",
      },
      {
        text: "Press Send Verification Code: hooks listen shows the code it received; copy it into Verification Code, press Verify, then Save.",
      },
      ...secretStep(c, "Copy the Clover Auth Code now shown in the Webhooks section"),
      { text: "Subscribe to the event types your app needs (each needs its Read permission)." },
    ],
  },
  square: {
    needs: "the signature key of a webhook subscription (Developer Console › Webhooks)",
    secretName: "Square signature key",
    setup: (c) => [
      listenStep(c),
      {
        text: "In the Square Developer Console open Webhooks › Subscriptions › Add subscription, paste that public URL as the notification URL, pick the events and Save.",
      },
      ...secretStep(c, "Open the subscription and copy its Signature Key"),
    ],
  },
  poynt: {
    needs: "the secret you register with the webhook (POST /hooks); hooks can generate one",
    secretName: "Poynt webhook secret",
    generate: "random",
    setup: (c) => [
      listenStep(c),
      ...giveSecretStep(c, "your app and to Poynt"),
      {
        text: 'Register the webhook: POST https://services.poynt.net/hooks with "deliveryUrl" set to that public URL, your "secret" and the "eventTypes" you need.',
      },
      ...secretStep(c, "Choose the secret you register"),
    ],
  },
  up42: {
    needs: "the secret you set when creating the webhook; hooks can generate a whsec_ one",
    secretName: "UP42 webhook secret",
    generate: "whsec",
    setup: (c) => [
      listenStep(c),
      ...giveSecretStep(c, "your app and to UP42"),
      {
        text: 'Create the webhook (Create a webhook endpoint, your workspace ID) with "url" set to that public URL, "events": ["order.status"] and your "secret"; then call Test a webhook.',
      },
      ...secretStep(c, "Choose the secret you give UP42"),
    ],
  },
  standard: {
    needs: "a whsec_ signing secret shared by sender and receiver; hooks can generate one",
    secretName: "signing secret (whsec_…)",
    generate: "whsec",
    setup: (c) => [
      ...giveSecretStep(c, "your app and to the sender"),
      ...secretStep(c, "Get the whsec_ secret"),
    ],
  },
  github: {
    needs: "the secret you type in the repository's webhook settings; hooks can generate one",
    secretName: "GitHub webhook secret",
    generate: "random",
    setup: (c) => [
      listenStep(c),
      ...giveSecretStep(c, "your app and to GitHub"),
      {
        text: "In the repository open Settings › Webhooks › Add webhook: Payload URL = that public URL, Content type application/json, Secret = your secret.",
      },
      ...secretStep(c, "Choose the secret you type into GitHub"),
    ],
  },
  stripe: {
    needs: "the endpoint's signing secret (whsec_…) from the Stripe Dashboard",
    secretName: "Stripe signing secret (whsec_…)",
    setup: (c) => secretStep(c, "Reveal the endpoint's signing secret in the Stripe Dashboard"),
  },
  shopify: {
    needs: "your app's client secret (Partner Dashboard › Apps › API credentials)",
    secretName: "Shopify client secret",
    setup: (c) => secretStep(c, "Copy your app's client secret"),
  },
  slack: {
    needs: "your app's signing secret (Basic Information › App Credentials)",
    secretName: "Slack signing secret",
    setup: (c) => secretStep(c, "Copy the signing secret from Basic Information › App Credentials"),
  },
};

/** The guide of a provider; providers added later get a generic one from their own description. */
export function guideFor(provider: Provider): ProviderGuide {
  return (
    GUIDES[provider.id] ?? {
      needs: provider.secretFormat,
      secretName: `${provider.name} secret`,
      setup: (c) => [listenStep(c), ...secretStep(c, `Get the ${provider.name} secret`)],
    }
  );
}

/**
 * The steps of a profile that registers: export what the API needs, then `hooks listen` does
 * the provider's side itself. Where the provider makes the secret (Square, Stripe) the listener
 * learns it from the API; where hooks chooses it, it sends the profile's (or a fresh) one;
 * Shopify signs with the app's client secret, which hooks still needs.
 */
function registeringSteps(
  c: GuideContext,
  register: NonNullable<GuideContext["register"]>,
): NextStep[] {
  const { spec, missing } = register;
  const exports = missing.map((credential) => ({
    text: `Export ${credential.what}${credential.fallbackCommand ? ` (or log in with \`${credential.fallbackCommand[0]} auth login\`)` : ""}:`,
    command: `export ${credential.env[0]}=…`,
  }));
  const secret =
    spec.secretOrigin === "client"
      ? giveSecretStep(c, "your app (hooks listen gives it to the provider)")
      : spec.secretOrigin === "app"
        ? secretStep(c, "Copy your app's client secret")
        : [];
  return [
    ...exports,
    ...secret,
    {
      text: `Start the listener (port ${c.port}): once its public URL is up it points a ${spec.label} subscription at it, follows the tunnel, and removes it on exit (--keep leaves it, --no-register skips it):`,
      command: `hooks listen${c.profileFlag}`,
    },
    {
      text: "While it runs, see the subscription at the provider:",
      command: `hooks webhooks list${c.profileFlag}`,
    },
  ];
}

/** Every step after `hooks init`: the provider's own, then how to test the app with hooks send. */
export function nextSteps(provider: Provider, context: GuideContext): NextStep[] {
  const send = context.url
    ? {
        text: `Fire signed ${provider.name} sample events at ${context.url}:`,
        command: `hooks send${context.profileFlag}`,
      }
    : {
        text: `Fire signed ${provider.name} sample events at your app:`,
        command: `hooks send <your app's webhook URL>${context.profileFlag}`,
      };
  const setup = context.register
    ? registeringSteps(context, context.register)
    : guideFor(provider).setup(context);
  return [...setup, send];
}
