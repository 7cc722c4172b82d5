import { createForwarder, describeForwardError } from "../listener/forward.js";
import { redactUrl } from "../util/secrets.js";
import {
  detectHostEnvironment,
  loopbackSuggestion,
  type HostEnvironment,
} from "./host-environment.js";
import type { Check } from "./types.js";

/** A doctor waits no longer than this for the app: long enough for a cold dev server. */
const FORWARD_CHECK_TIMEOUT_MS = 5_000;

export interface ForwardCheckDeps {
  environment?: HostEnvironment;
  env?: NodeJS.ProcessEnv;
}

/**
 * `hooks doctor --forward-to <url>`: one GET to the target, the way the listener would reach it
 * (the same proxy rules). Any answer means something listens there, and its status and `server`
 * header say what; no answer fails, with where to look instead when the target is this machine's
 * loopback and hooks runs in a container or WSL.
 */
export async function checkForward(url: string, deps: ForwardCheckDeps = {}): Promise<Check> {
  const forwarder = await createForwarder({
    timeoutMs: FORWARD_CHECK_TIMEOUT_MS,
    env: deps.env ?? process.env,
  });
  const started = performance.now();
  const shown = redactUrl(url, []);
  const details: Record<string, unknown> = { url: shown };
  try {
    const response = await forwarder.send(url, {
      method: "GET",
      headers: {},
      body: Buffer.alloc(0),
    });
    const durationMs = Math.round(performance.now() - started);
    const server = [response.headers.server, response.headers["x-powered-by"]]
      .flat()
      .filter((value): value is string => typeof value === "string" && value !== "");
    const by = server.length > 0 ? ` (${server.join(", ")})` : "";
    Object.assign(details, {
      status: response.status,
      durationMs,
      server: server.join(", ") || null,
    });
    return {
      name: "forward",
      status: "ok",
      message: `${shown} answered ${response.status} to GET in ${durationMs} ms${by}: something is listening there`,
      details,
    };
  } catch (error) {
    const environment = deps.environment ?? detectHostEnvironment();
    const suggestion = loopbackSuggestion(url, environment);
    Object.assign(details, { environment: environment.kind, suggestion: suggestion ?? null });
    return {
      name: "forward",
      status: "fail",
      message: describeForwardError(shown, error),
      fix: suggestion ?? "start your app, or pass the address it listens on: --forward-to <url>",
      details,
    };
  } finally {
    await forwarder.close();
  }
}
