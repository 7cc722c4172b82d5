import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createDispatcher } from "../http/dispatcher.js";

/** Where to download cloudflared from instead of its GitHub releases (a mirror; the tests). */
export const DOWNLOAD_URL_VARIABLE = "HOOKS_CLOUDFLARED_URL";

const RELEASES = "https://github.com/cloudflare/cloudflared/releases/latest/download/";

/** The release asset for this machine, as cloudflared publishes them (macOS's is a .tgz). */
const ASSETS: Partial<Record<NodeJS.Platform, Partial<Record<string, string>>>> = {
  linux: {
    x64: "cloudflared-linux-amd64",
    arm64: "cloudflared-linux-arm64",
    arm: "cloudflared-linux-arm",
    ia32: "cloudflared-linux-386",
  },
  darwin: { x64: "cloudflared-darwin-amd64.tgz", arm64: "cloudflared-darwin-arm64.tgz" },
  win32: { x64: "cloudflared-windows-amd64.exe", ia32: "cloudflared-windows-386.exe" },
};

const MAX_REDIRECTS = 5;

/** Bytes so far and the whole size (null when the server does not say). */
export type OnProgress = (received: number, total: number | null) => void;

export interface DownloadOptions {
  onProgress?: OnProgress;
  /** Where HOOKS_CLOUDFLARED_URL and the proxy variables are read; process.env when left out. */
  env?: NodeJS.ProcessEnv;
}

/** The URL to download from: HOOKS_CLOUDFLARED_URL, else this platform's latest release asset. */
export function cloudflaredDownloadUrl(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const fromEnv = env[DOWNLOAD_URL_VARIABLE];
  if (fromEnv) return fromEnv;
  const asset = ASSETS[platform]?.[arch];
  if (!asset) {
    throw new Error(
      `cloudflared publishes no binary for ${platform}/${arch}; install it yourself and set CLOUDFLARED_BIN`,
    );
  }
  return RELEASES + asset;
}

/**
 * Downloads cloudflared to `to`, through HTTP(S)_PROXY when set (src/http/dispatcher.ts), and
 * reports progress. The file appears at `to` only once complete and executable: a download cut
 * short leaves nothing that `hooks listen` would take for cloudflared.
 */
export async function downloadCloudflared(
  to: string,
  options: DownloadOptions = {},
): Promise<string> {
  const env = options.env ?? process.env;
  const url = cloudflaredDownloadUrl(env);
  const onProgress = options.onProgress ?? (() => {});
  await mkdir(dirname(to), { recursive: true });
  const work = await mkdtemp(join(dirname(to), ".cloudflared-download-"));
  try {
    const file = join(work, basename(new URL(url).pathname) || "cloudflared");
    await fetchTo(url, file, onProgress, env);
    const binary = file.endsWith(".tgz") ? await unpack(file, work) : file;
    await chmod(binary, 0o755);
    await rename(binary, to);
    return to;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function fetchTo(
  url: string,
  file: string,
  onProgress: OnProgress,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { request } = await import("undici");
  const dispatcher = await createDispatcher({ env });
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await request(current, { dispatcher });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && location) {
        await response.body.dump();
        // GitHub answers the release URL with a redirect to its download host.
        if (hop === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        current = new URL(String(location), current).href;
        continue;
      }
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`${current} answered ${response.statusCode}`);
      }
      const length = Number(response.headers["content-length"]);
      const total = Number.isFinite(length) && length > 0 ? length : null;
      let received = 0;
      onProgress(0, total);
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          onProgress(received, total);
          done(null, chunk);
        },
      });
      await pipeline(response.body, count, createWriteStream(file));
      if (total !== null && received !== total) {
        throw new Error(`the download stopped after ${received} of ${total} bytes`);
      }
      return;
    }
  } finally {
    await dispatcher.close();
  }
}

/** macOS's asset is a .tgz holding one file, `cloudflared`. */
async function unpack(archive: string, work: string): Promise<string> {
  await promisify(execFile)("tar", ["-xzf", archive, "-C", work]);
  return join(work, "cloudflared");
}
