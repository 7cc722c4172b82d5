import type { Agent, Dispatcher, EnvHttpProxyAgent } from "undici";

// The one place hooks makes an HTTP client: `hooks send`, forwarding (`listen --forward-to`),
// `hooks events replay` and the inspector's replay all go out through a dispatcher made here, so
// that each honours HTTP_PROXY, HTTPS_PROXY and NO_PROXY the same way. Requests go through
// src/http/exchange.ts, which bounds each one in time and in bytes read.

export interface DispatcherOptions {
  /** Connections per origin; undici's default (no limit) when left out. */
  connections?: number;
  /** `--insecure`: accept a self-signed certificate (a local HTTPS app). */
  insecure?: boolean;
  /** Where the proxy variables are read; process.env when left out. */
  env?: NodeJS.ProcessEnv | undefined;
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/**
 * undici's index loads fetch, WebSocket, caches and mocks as well: ~95 ms on this machine, against
 * ~30 ms for the Agent alone, and `hooks send` is timed whole process (start-up included) in
 * bench/send.bench.js. The Agent only needs `dispatch()`; the proxy agents need the API methods
 * the index adds to every dispatcher (ProxyAgent calls `connect()`), so they come from the index.
 * The index is also the fallback should the file layout ever change.
 */
async function loadAgent(): Promise<typeof Agent> {
  const specifier = "undici/lib/dispatcher/agent.js";
  try {
    return ((await import(specifier)) as { default: typeof Agent }).default;
  } catch {
    return (await import("undici")).Agent;
  }
}

/**
 * One keep-alive pool per origin (undici's Agent). When a proxy is configured, undici's
 * EnvHttpProxyAgent reads HTTP(S)_PROXY and NO_PROXY as curl does; without one the plain Agent
 * skips its per-request NO_PROXY matching.
 */
export async function createDispatcher(options: DispatcherOptions = {}): Promise<Dispatcher> {
  const env = options.env ?? process.env;
  const connect = { rejectUnauthorized: !options.insecure };
  const common: Agent.Options = { connect, keepAliveTimeout: 10_000 };
  if (options.connections !== undefined) common.connections = options.connections;
  if (!PROXY_VARIABLES.some((name) => env[name])) {
    const AgentClass = await loadAgent();
    return new AgentClass(common);
  }
  const { EnvHttpProxyAgent: ProxyClass } = await import("undici");
  const proxy: ConstructorParameters<typeof EnvHttpProxyAgent>[0] = {
    ...common,
    requestTls: connect,
    proxyTls: connect,
  };
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  const noProxy = env.no_proxy ?? env.NO_PROXY;
  if (httpProxy) proxy.httpProxy = httpProxy;
  if (httpsProxy) proxy.httpsProxy = httpsProxy;
  if (noProxy) proxy.noProxy = noProxy;
  return new ProxyClass(proxy);
}
