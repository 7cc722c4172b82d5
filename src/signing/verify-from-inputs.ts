import { describeSource, requireSecrets, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { parseHeaderFlags, parseIntFlag, readPayload } from "../util/input.js";
import { chooseProvider, verifyRequest, type VerifyOutcome } from "./verify-request.js";

/** What `hooks verify` checks, as the command hands it over (settings already resolved). */
export interface VerifyInputs {
  /** Provider (flag, HOOKS_PROVIDER, profile) and secrets, from src/config/resolve.ts. */
  settings: Pick<Settings, "provider" | "secrets" | "sources" | "profile" | "profileSource">;
  /** A file, or `-` for stdin. */
  payload?: string | undefined;
  /** `Name: value` lines. */
  headers?: readonly string[] | undefined;
  signature?: string | undefined;
  url?: string | undefined;
  now?: string | undefined;
  tolerance?: string | undefined;
  explain?: boolean | undefined;
  /** A captured request file (`hooks events show <id> --json`). */
  request?: string | undefined;
}

/**
 * Turns verify's inputs (or a captured request) into a verification. The provider is `--provider`,
 * else the captured request's, else the one the headers name, else HOOKS_PROVIDER or the profile's;
 * when the headers name another provider than those two, the outcome says so in `note`.
 */
export async function verifyFromInputs(inputs: VerifyInputs): Promise<VerifyOutcome> {
  // Loaded only with --request, keeping the everyday path's start-up short.
  const captured = inputs.request
    ? await (await import("./captured-request.js")).readCapturedRequest(inputs.request)
    : undefined;
  const headers = { ...captured?.headers, ...parseHeaderFlags(inputs.headers) };
  const { settings } = inputs;
  const named = settings.sources.provider === "flag" ? settings.provider : captured?.provider;
  const expected =
    named === undefined && settings.provider !== undefined
      ? { id: settings.provider, from: describeSource(settings, "provider") }
      : undefined;
  const { provider, note } = await chooseProvider(named, headers, expected);
  if (inputs.signature !== undefined) headers[provider.signatureHeader] = inputs.signature;

  let body = captured?.body;
  if (inputs.payload !== undefined) body = await readPayload(inputs.payload);
  if (body === undefined) {
    if (provider.signsBody)
      throw new UsageError(`missing --payload <file|->: ${provider.name} signs the raw body`);
    body = Buffer.alloc(0);
  }
  const url = inputs.url ?? captured?.url;
  if (provider.signsUrl && !url) {
    throw new UsageError(
      `missing --url: ${provider.name} signs the notification URL with the body`,
    );
  }
  return verifyRequest({
    providerId: provider.id,
    body,
    headers,
    secrets: requireSecrets(settings, provider.id),
    url,
    // A captured request is checked as of its arrival, or it would always be "too old" later.
    now: inputs.now === undefined ? captured?.receivedAtSec : parseIntFlag("--now", inputs.now),
    toleranceSec:
      inputs.tolerance === undefined ? undefined : parseIntFlag("--tolerance", inputs.tolerance),
    explain: inputs.explain,
    note,
  });
}
