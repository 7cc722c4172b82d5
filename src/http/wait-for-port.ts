import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { CheckFailed } from "../errors.js";

/** How often a refused connection is tried again while waiting. */
const RETRY_MS = 100;

/**
 * Waits until something accepts TCP connections at the URL's host and port (`send --wait`), so
 * that a CI job can start `hooks listen` in the background and send at once: the listener has
 * opened its store before it binds the port, so an accepted connection means it is ready. Only
 * a connection is made, never a request, which would be captured and counted by `--expect`.
 * Fails (exit 1) once `timeoutMs` has passed, saying what the last try met.
 */
export async function waitForPort(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const portNumber = Number(port || (protocol === "https:" ? 443 : 80));
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const error = await tryConnect(host, portNumber, Math.max(1, deadline - Date.now()));
    if (error === undefined) return;
    last = error;
    if (signal?.aborted || Date.now() + RETRY_MS > deadline) break;
    await sleep(RETRY_MS, undefined, { signal }).catch(() => {});
  }
  const seconds = Math.round(timeoutMs / 1000);
  throw new CheckFailed(
    `nothing accepted connections on ${host}:${portNumber} within ${seconds} s (--wait): ${last}`,
  );
}

/** One connection attempt: undefined once accepted, else what went wrong, in words. */
function tryConnect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: string | undefined): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done("the connection attempt timed out"));
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      done(error.code === "ECONNREFUSED" ? "connection refused" : (error.code ?? error.message)),
    );
  });
}
