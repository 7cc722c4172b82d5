import { requireSecrets, resolveSigningSettings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import type { HeaderMap } from "../providers/types.js";
import { parseIntFlag, readPayload } from "../util/input.js";
import { redact } from "../util/secrets.js";

export interface SignOptions {
  provider?: string | undefined;
  secret?: string[] | undefined;
  /** `--secret-file <path|->` instead of --secret. */
  secretFile?: string | undefined;
  payload?: string | undefined;
  url?: string | undefined;
  id?: string | undefined;
  timestamp?: string | undefined;
  profile?: string | undefined;
  /** `--show-secret`: print a header that is the secret itself whole, so the output feeds curl. */
  showSecret?: boolean | undefined;
}

export interface SignedHeaders {
  headers: HeaderMap;
  /** Headers that carry the secret itself (Clover's auth code), shown masked. */
  masked: string[];
}

/** Provider and secret: flag, then HOOKS_PROVIDER/HOOKS_SECRET, then the profile (resolve.ts). */
export async function signRequest(options: SignOptions): Promise<SignedHeaders> {
  const settings = await resolveSigningSettings(options);
  if (!settings.provider) {
    throw new UsageError(
      "missing --provider <id> (see `hooks providers`); or set HOOKS_PROVIDER, or save one with `hooks config set provider <id>`",
    );
  }
  const provider = getProvider(settings.provider);
  const [secret] = requireSecrets(settings, provider.id);
  if (options.payload === undefined && provider.signsBody) {
    throw new UsageError(`missing --payload <file|->: ${provider.name} signs the raw body`);
  }
  if (provider.signsUrl && !options.url) {
    throw new UsageError(
      `missing --url: ${provider.name} signs the notification URL with the body`,
    );
  }
  const body = options.payload === undefined ? Buffer.alloc(0) : await readPayload(options.payload);
  const timestamp =
    options.timestamp === undefined ? undefined : parseIntFlag("--timestamp", options.timestamp);
  const headers = provider.sign({
    body,
    secret: secret as string,
    url: options.url,
    id: options.id,
    timestamp,
  });
  if (options.showSecret) return { headers, masked: [] };
  return maskSecretHeaders(headers, secret as string);
}

/**
 * A header whose value holds the secret itself (Clover's X-Clover-Auth is the auth code) would
 * print the secret whole, which hooks never does unless asked (`--show-secret`): such headers are
 * masked.
 */
function maskSecretHeaders(headers: HeaderMap, secret: string): SignedHeaders {
  const masked: string[] = [];
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const safe = redact(value, [secret]);
    if (safe !== value) masked.push(name);
    out[name] = safe;
  }
  return { headers: out, masked };
}
