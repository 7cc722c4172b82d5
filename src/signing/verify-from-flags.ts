import type { VerifyFlags } from "../commands/verify.js";
import { requireSecrets } from "../config/secrets.js";
import { UsageError } from "../errors.js";
import { renderVerify } from "../render/verify.js";
import { parseHeaderFlags, parseIntFlag, readPayload } from "../util/input.js";
import { chooseProvider, verifyRequest, type VerifyOutcome } from "./verify-request.js";

/** Turns `hooks verify` flags (or a captured request) into a verification. */
export async function verifyFromFlags(
  flags: VerifyFlags,
  profile?: string,
): Promise<VerifyOutcome> {
  // Loaded only with --request, keeping the everyday path's start-up short.
  const captured = flags.request
    ? await (await import("./captured-request.js")).readCapturedRequest(flags.request)
    : undefined;
  const headers = { ...captured?.headers, ...parseHeaderFlags(flags.header) };
  const providerId = flags.provider ?? captured?.provider;
  const provider = await chooseProvider(providerId, headers);
  if (flags.signature !== undefined) headers[provider.signatureHeader] = flags.signature;

  let body = captured?.body;
  if (flags.payload !== undefined) body = await readPayload(flags.payload);
  if (body === undefined) {
    if (provider.signsBody)
      throw new UsageError(`missing --payload <file|->: ${provider.name} signs the raw body`);
    body = Buffer.alloc(0);
  }
  const url = flags.url ?? captured?.url;
  if (provider.signsUrl && !url) {
    throw new UsageError(
      `missing --url: ${provider.name} signs the notification URL with the body`,
    );
  }
  const secrets = await requireSecrets({ flags: flags.secret, profile }, provider.id);
  return verifyRequest({
    providerId: provider.id,
    body,
    headers,
    secrets,
    url,
    // A captured request is checked as of its arrival, or it would always be "too old" later.
    now: flags.now === undefined ? captured?.receivedAtSec : parseIntFlag("--now", flags.now),
    toleranceSec:
      flags.tolerance === undefined ? undefined : parseIntFlag("--tolerance", flags.tolerance),
    explain: flags.explain,
  });
}

/** `hooks verify`, shared by the commander action and the fast path in src/cli.ts. */
export async function verifyAndRender(flags: VerifyFlags): Promise<void> {
  renderVerify(await verifyFromFlags(flags, flags.profile), { json: Boolean(flags.json) });
}
