import type { Agent, Dispatcher, EnvHttpProxyAgent } from "undici";

export interface DispatcherOptions {
  /** Connections per origin: as many as requests in flight, each kept alive. */
  connections: number;
  /** `--insecure`: accept a self-signed certificate (a local HTTPS app). */
  insecure: boolean;
  env?: NodeJS.ProcessEnv;
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
export async function createDispatcher(options: DispatcherOptions): Promise<Dispatcher> {
  const env = options.env ?? process.env;
  const connect = { rejectUnauthorized: !options.insecure };
  const common = { connections: options.connections, connect, keepAliveTimeout: 10_000 };
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
