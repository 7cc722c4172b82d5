import { resolveListenOptions, type ListenFlags, type ListenOptions } from "./listen-options.js";
import { ListenSession, type ListenSummary } from "./listen-session.js";

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
): Promise<{ summary: ListenSummary; json: boolean }> {
  const options = await resolveListenOptions(flags);
  const session = new ListenSession(options);
  const view = await attachView(session, options);

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return { summary: await session.run(stop.signal), json: options.json };
  } finally {
    view.flush();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
