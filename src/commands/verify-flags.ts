/**
 * `hooks verify`'s flags as data: commander builds its help and parser from this table, and the
 * commander-free fast path (src/fast-verify.ts) builds a node:util parseArgs config from it.
 */
export interface FlagSpec {
  name: string;
  /** Placeholder of the value; absent for boolean flags. */
  value?: string;
  repeatable?: boolean;
  description: string;
}

export const VERIFY_FLAGS: readonly FlagSpec[] = [
  {
    name: "provider",
    value: "<id>",
    description: "provider id; detected from the headers when left out",
  },
  {
    name: "secret",
    value: "<s>",
    repeatable: true,
    description: "secret; repeat for key rotation (or HOOKS_SECRET, or the profile's)",
  },
  { name: "payload", value: "<file|->", description: "raw body as received; - reads stdin" },
  {
    name: "header",
    value: "<header>",
    repeatable: true,
    description: 'a received header, "Name: value"; repeatable',
  },
  { name: "signature", value: "<value>", description: "the provider's main signature header" },
  { name: "url", value: "<url>", description: "notification URL (Square signs it with the body)" },
  { name: "now", value: "<unix-seconds>", description: "verify as of this instant" },
  {
    name: "tolerance",
    value: "<seconds>",
    description: "override the provider's timestamp tolerance",
  },
  {
    name: "explain",
    description: "on failure, try the usual mistakes and name the one that matches",
  },
  {
    name: "request",
    value: "<file>",
    description: "a captured request (hooks events show <id> --json)",
  },
  { name: "json", description: 'machine output: {"valid":bool,"provider":"<id>","reason":"..."}' },
];

export interface VerifyFlags {
  provider?: string;
  secret?: string[];
  payload?: string;
  header?: string[];
  signature?: string;
  url?: string;
  now?: string;
  tolerance?: string;
  explain?: boolean;
  request?: string;
  json?: boolean;
  profile?: string | undefined;
}
