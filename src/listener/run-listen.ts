import { resolveListenOptions, type ListenFlags, type ListenOptions } from "./listen-options.js";
import { ListenSession, type ListenSummary } from "./listen-session.js";
import type { ObtainCloudflared } from "../tunnel/offer-cloudflared.js";
import type { Registrar, RegisterOptions } from "../webhooks/register.js";

/** What shows a session as it runs (src/render/listen.ts); `flush` writes what it buffered. */
export interface ListenView {
  flush(): void;
}

/** Injected by the command, so that the listener prints nothing itself. */
export type AttachView = (
  session: ListenSession,
  options: ListenOptions,
) => ListenView | Promise<ListenView>;

/**
 * `hooks listen`: runs a session until Ctrl-C, SIGTERM, `--expect` or `--timeout` and hands back
 * its summary; the command prints it and decides the exit code. A signal resolves the session
 * (which flushes the store and stops cloudflared) so that the command returns normally and
 * src/cli.ts sets exit 0; nothing here calls process.exit.
 */
export async function runListen(
  flags: ListenFlags,
  attachView: AttachView,
  obtainCloudflared?: ObtainCloudflared,
): Promise<{ summary: ListenSummary; json: boolean }> {
  const options = await resolveListenOptions(flags);
  const session = new ListenSession(options, obtainCloudflared);
  const view = await attachView(session, options);
  const registrar = options.register && (await register(session, options, options.register));

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const summary = await session.run(stop.signal);
    await registrar?.close();
    return { summary, json: options.json };
  } finally {
    view.flush();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** `--register`: follows the session's public URL at the provider (src/webhooks/register.ts). */
async function register(
  session: ListenSession,
  options: ListenOptions,
  wanted: RegisterOptions,
): Promise<Registrar> {
  const { Registrar } = await import("../webhooks/register.js");
  const registrar = new Registrar(wanted, {
    report: (status) => session.emit("registration", status),
    addSecret: (secret) => {
      if (!options.secrets.includes(secret)) options.secrets.push(secret);
    },
  });
  void registrar.start();
  session.on("ready", (info) => {
    if (info.publicUrl) void registrar.pointAt(info.publicUrl);
    else {
      session.emit("registration", {
        type: "registration",
        provider: wanted.provider ?? options.provider?.id ?? "unknown",
        id: wanted.id ?? null,
        url: null,
        status: "error",
        message:
          "no public URL to register yet: --register waits for the tunnel (or give --public-url)",
      });
    }
  });
  session.on("tunnel", (status) => {
    if (status.status === "up" && status.publicUrl) void registrar.pointAt(status.publicUrl);
  });
  return registrar;
}
