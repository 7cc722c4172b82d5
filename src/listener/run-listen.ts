import { resolveListenOptions, type ListenFlags } from "./listen-options.js";
import { ListenSession } from "./listen-session.js";

/**
 * `hooks listen`: runs a session until Ctrl-C, SIGTERM, `--expect` or `--timeout`, then prints
 * the summary. A signal resolves the session (which flushes the store and stops cloudflared) so
 * that the command returns normally and src/cli.ts sets exit 0; nothing here calls process.exit.
 */
export async function runListen(flags: ListenFlags): Promise<void> {
  const options = await resolveListenOptions(flags);
  const session = new ListenSession(options);
  const renderer = options.json
    ? (await import("../render/listen.js")).renderListenJson(session, options.secrets)
    : await (await import("../render/listen.js")).renderListenHuman(session, options);

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const summary = await session.run(stop.signal);
    renderer.flush();
    const { renderListenSummary } = await import("../render/listen-summary.js");
    renderListenSummary(summary, { json: options.json });
  } finally {
    renderer.flush();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
