/**
 * Credentials hooks reads or that the user's shell holds for the providers' APIs: cloudflared is
 * another program, reachable from the internet, and needs none of them.
 */
const CREDENTIALS = new Set([
  "HOOKS_SECRET",
  "CLOUDFLARED_TOKEN",
  "SQUARE_ACCESS_TOKEN",
  "STRIPE_API_KEY",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "SHOPIFY_ACCESS_TOKEN",
  "UP42_USERNAME",
  "UP42_PASSWORD",
  "POYNT_APPLICATION_ID",
  "POYNT_PRIVATE_KEY",
]);

/** Names that say a variable holds a secret (AWS_SECRET_ACCESS_KEY, NPM_TOKEN, OPENAI_API_KEY). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL|AUTH/i;

/** cloudflared's own settings (TUNNEL_ORIGIN_CERT, TUNNEL_LOGLEVEL, …): the user set them for it. */
const CLOUDFLARED_OWN = /^TUNNEL_/;

/**
 * The environment cloudflared runs in: the caller's, without hooks' own variables and without
 * anything that holds a credential. PATH, HOME, proxies and locale stay, since cloudflared uses them.
 */
export function cloudflaredEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isCredential(name)) continue;
    out[name] = value;
  }
  return out;
}

function isCredential(name: string): boolean {
  const upper = name.toUpperCase();
  if (CREDENTIALS.has(upper) || upper.startsWith("HOOKS_")) return true;
  return SECRET_NAME.test(upper) && !CLOUDFLARED_OWN.test(upper);
}
