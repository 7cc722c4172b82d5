import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";

export interface DispatcherOptions {
  /** Connections per origin: as many as requests in flight, each kept alive. */
  connections: number;
  /** `--insecure`: accept a self-signed certificate (a local HTTPS app). */
  insecure: boolean;
  env?: NodeJS.ProcessEnv;
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/**
 * One keep-alive pool per origin (undici's Agent). When a proxy is configured, undici's
 * EnvHttpProxyAgent reads HTTP(S)_PROXY and NO_PROXY as curl does; without one the plain Agent
 * skips its per-request NO_PROXY matching.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const env = options.env ?? process.env;
  const connect = { rejectUnauthorized: !options.insecure };
  const common = {
    connections: options.connections,
    connect,
    keepAliveTimeout: 10_000,
  };
  if (PROXY_VARIABLES.some((name) => env[name])) {
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
    return new EnvHttpProxyAgent(proxy);
  }
  return new Agent(common);
}
