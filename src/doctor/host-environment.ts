import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where hooks runs, as far as reaching "localhost" goes. */
export type HostEnvironment =
  | { kind: "host" }
  | { kind: "container" }
  /** `hostAddress`: the Windows host as WSL 2 sees it (its DNS server), when known. */
  | { kind: "wsl"; hostAddress: string | undefined };

/** The files the answer is read from; tests give their own. */
export interface SystemFiles {
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

/**
 * The machine's own files, under HOOKS_SYSTEM_ROOT when it is set: a directory that stands in for
 * `/`, so that the spawned binary can be shown a container or WSL in tests.
 */
export function systemFiles(env: NodeJS.ProcessEnv = process.env): SystemFiles {
  const root = env.HOOKS_SYSTEM_ROOT ?? "/";
  const at = (path: string): string => join(root, path);
  return {
    exists: (path) => existsSync(at(path)),
    read: (path) => {
      try {
        return readFileSync(at(path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * A container first: Docker writes /.dockerenv, and PID 1's cgroup names the runtime (docker,
 * containerd, kubepods, podman's libpod). Then WSL, whose kernel says "microsoft" in
 * /proc/version; a container on WSL 2 says so too, hence the order.
 */
export function detectHostEnvironment(files: SystemFiles = systemFiles()): HostEnvironment {
  const cgroup = files.read("/proc/1/cgroup") ?? "";
  if (files.exists("/.dockerenv") || /docker|containerd|kubepods|libpod/.test(cgroup)) {
    return { kind: "container" };
  }
  if (/microsoft/i.test(files.read("/proc/version") ?? "")) {
    const nameserver = /^\s*nameserver\s+(\S+)/m.exec(files.read("/etc/resolv.conf") ?? "");
    return { kind: "wsl", hostAddress: nameserver?.[1] };
  }
  return { kind: "host" };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);

/** Whether `url` names this machine's loopback, which a container or WSL does not share. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return LOOPBACK.has(host) || host.endsWith(".localhost") || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * What to try instead of a loopback target that refused, when hooks runs where the app's
 * "localhost" is another machine's; undefined when that is not the case.
 */
export function loopbackSuggestion(url: string, environment: HostEnvironment): string | undefined {
  if (environment.kind === "host" || !isLoopbackUrl(url)) return undefined;
  const swap = (host: string): string => {
    const target = new URL(url);
    target.hostname = host;
    // `http://localhost:3000` stays without the slash URL adds.
    const text = target.toString();
    return text.endsWith("/") && !url.endsWith("/") ? text.slice(0, -1) : text;
  };
  if (environment.kind === "container") {
    return `hooks runs in a container, where localhost is the container itself: if your app runs on the host, use ${swap("host.docker.internal")} (on Linux, start the container with --add-host=host.docker.internal:host-gateway)`;
  }
  const where = environment.hostAddress
    ? `use ${swap(environment.hostAddress)} (the Windows host, the nameserver in /etc/resolv.conf)`
    : "use the Windows host's address (the nameserver in /etc/resolv.conf)";
  return `hooks runs in WSL, where localhost is not Windows' own: if your app runs on Windows, ${where}, and let it listen on that interface; or turn on WSL's mirrored networking`;
}
