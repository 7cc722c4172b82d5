import type { Check } from "./types.js";

/** The variables undici's EnvHttpProxyAgent reads (hooks send, events replay, listen --forward-to, the inspector), lower case first as curl does. */
const PROXIES = [
  ["https_proxy", "HTTPS_PROXY"],
  ["http_proxy", "HTTP_PROXY"],
] as const;

/** A proxy URL may carry a password: never show it. */
function hideCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.username || url.password ? url.toString().replace(/\/$/, "") : value;
  } catch {
    return value;
  }
}

export function checkProxy(env: NodeJS.ProcessEnv = process.env): Check {
  const set: Record<string, string> = {};
  for (const [lower, upper] of PROXIES) {
    const name = env[lower] ? lower : env[upper] ? upper : undefined;
    if (name) set[name] = env[name] as string;
  }
  const noProxyName = env.no_proxy !== undefined ? "no_proxy" : "NO_PROXY";
  const noProxy = env[noProxyName] ?? "";
  if (Object.keys(set).length === 0) {
    return {
      name: "proxy",
      status: "ok",
      message: "no HTTP(S)_PROXY set: direct connections",
      details: {},
    };
  }
  const shown = Object.entries(set).map(([name, value]) => `${name}=${hideCredentials(value)}`);
  const details = {
    ...Object.fromEntries(Object.entries(set).map(([k, v]) => [k, hideCredentials(v)])),
    [noProxyName]: noProxy,
  };
  for (const [name, value] of Object.entries(set)) {
    if (!/^(https?|socks5?):\/\/[^/]/i.test(value) || !URL.canParse(value)) {
      return {
        name: "proxy",
        status: "fail",
        message: `${name} is not a proxy URL: ${hideCredentials(value)}`,
        fix: `export ${name}=http://host:port (or unset it)`,
        details,
      };
    }
  }
  const entries = noProxy.split(",").map((entry) => entry.trim().toLowerCase());
  const bypassesLocal =
    entries.includes("*") || (entries.includes("localhost") && entries.includes("127.0.0.1"));
  if (!bypassesLocal) {
    return {
      name: "proxy",
      status: "warn",
      message: `${shown.join(", ")}; ${noProxyName} does not list localhost and 127.0.0.1, so hooks send, replay and --forward-to to a local app go through the proxy`,
      fix: `export ${noProxyName}=localhost,127.0.0.1${noProxy ? `,${noProxy}` : ""}`,
      details,
    };
  }
  return {
    name: "proxy",
    status: "ok",
    message: `${shown.join(", ")}; ${noProxyName}=${noProxy}`,
    details,
  };
}
