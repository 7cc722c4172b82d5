import { describe, expect, it } from "vitest";
import { mayOffer, offerCloudflared, type OfferUi } from "../../src/tunnel/offer-cloudflared.js";
import type { InstallOptions } from "../../src/tunnel/install-cloudflared.js";

/** A UI that answers `answer` and records what it was shown. */
function recordingUi(answer: boolean): OfferUi & { shown: string[] } {
  const shown: string[] = [];
  return {
    shown,
    notice: (lines) => shown.push(...lines),
    confirm: (question) => (shown.push(`? ${question}`), Promise.resolve(answer)),
    progress: () => ({
      update: (received, total) => shown.push(`progress ${received}/${total}`),
      stop: () => shown.push("progress stop"),
    }),
    installed: (result) => shown.push(`installed ${result.path} ${result.version}`),
  };
}

describe("whether hooks listen may offer to download cloudflared", () => {
  const terminal = { stdinTTY: true, stdoutTTY: true, json: false, env: {} };
  it("offers to a person at a terminal", () => {
    expect(mayOffer(terminal)).toBe(true);
    expect(mayOffer({ ...terminal, env: { CI: "false" } })).toBe(true);
  });
  it("never with a pipe on either side, with --json, or under CI", () => {
    expect(mayOffer({ ...terminal, stdinTTY: undefined })).toBe(false);
    expect(mayOffer({ ...terminal, stdoutTTY: false })).toBe(false);
    expect(mayOffer({ ...terminal, json: true })).toBe(false);
    expect(mayOffer({ ...terminal, env: { CI: "true" } })).toBe(false);
    expect(mayOffer({ ...terminal, env: { CI: "1" } })).toBe(false);
  });
});

describe("the offer", () => {
  it("shows the notice, asks, downloads with progress, and hands back the path", async () => {
    const ui = recordingUi(true);
    const asked: InstallOptions[] = [];
    const result = await offerCloudflared("/x/cloudflared", ui, (options) => {
      asked.push(options);
      options.onProgress?.(5, 10);
      options.onProgress?.(10, 10);
      return Promise.resolve({ path: "/x/cloudflared", version: "2024.8.2" });
    });
    expect(result).toEqual({ path: "/x/cloudflared" });
    expect(asked.map((options) => options.to)).toEqual(["/x/cloudflared"]);
    expect(ui.shown.slice(3)).toEqual([
      "? Download cloudflared now?",
      "progress 5/10",
      "progress 10/10",
      "progress stop",
      "installed /x/cloudflared 2024.8.2",
    ]);
    expect(ui.shown.join("\n")).toMatch(/npm skips.*\n.*to \/x\/cloudflared;\n.*license: https:/);
  });

  it("declined: downloads nothing and says how to get it later", async () => {
    let installs = 0;
    const result = await offerCloudflared("/x/cloudflared", recordingUi(false), () => {
      installs++;
      return Promise.resolve({ path: "/x/cloudflared", version: null });
    });
    expect(installs).toBe(0);
    expect(result).toEqual({
      message:
        "tunnel not started: cloudflared not downloaded; run `hooks tunnel install` to get it, or pass --tunnel none",
    });
  });

  it("a failed download: stops the bar and says why", async () => {
    const ui = recordingUi(true);
    const result = await offerCloudflared("/x/cloudflared", ui, () =>
      Promise.reject(new Error("getaddrinfo ENOTFOUND github.com")),
    );
    expect(result).toEqual({
      message: expect.stringMatching(
        /^tunnel not started: could not download cloudflared: getaddrinfo ENOTFOUND github\.com; check the network/,
      ),
    });
    expect(ui.shown.at(-1)).toBe("progress stop");
  });
});
