import { requireSecrets } from "../config/secrets.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import type { HeaderMap } from "../providers/types.js";
import { parseIntFlag, readPayload } from "../util/input.js";

export interface SignOptions {
  provider?: string | undefined;
  secret?: string[] | undefined;
  payload?: string | undefined;
  url?: string | undefined;
  id?: string | undefined;
  timestamp?: string | undefined;
  profile?: string | undefined;
}

export async function signRequest(options: SignOptions): Promise<HeaderMap> {
  if (!options.provider) throw new UsageError("missing --provider <id>; see `hooks providers`");
  const provider = getProvider(options.provider);
  const [secret] = await requireSecrets(
    { flags: options.secret, profile: options.profile },
    provider.id,
  );
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
  return provider.sign({
    body,
    secret: secret as string,
    url: options.url,
    id: options.id,
    timestamp,
  });
}
