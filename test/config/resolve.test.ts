import { describe, expect, it } from "vitest";
import { DEFAULT_PORT, resolveSettings } from "../../src/config/resolve.js";
import { setConfig } from "../../src/config/edit.js";
import type { Profile } from "../../src/store/profiles.js";
import { useTempConfigDir } from "./temp-home.js";

const saved: Profile = {
  provider: "standard",
  secrets: ["profile-secret-1", "profile-secret-2"],
  url: "https://profile.example/hooks",
  port: 5000,
  forwardTo: "http://localhost:3000/profile",
  tunnel: "none",
  publicUrl: "https://profile.example",
};
const fromProfile = (): Record<string, Profile> => ({ default: saved });

describe("resolveSettings: flag, then environment, then profile, then default", () => {
  useTempConfigDir();

  it("falls back to the built-in defaults with nothing saved", async () => {
    const settings = await resolveSettings({}, { env: {} });
    expect(settings).toMatchObject({
      profile: "default",
      profileFound: false,
      provider: undefined,
      secrets: [],
      url: undefined,
      port: DEFAULT_PORT,
      tunnel: "cloudflared",
      sources: { port: "default", tunnel: "default" },
    });
  });

  it("takes the profile over the defaults", async () => {
    const settings = await resolveSettings({}, { env: {}, loadProfiles: fromProfile });
    expect(settings).toMatchObject({ ...saved, profileFound: true });
    expect(Object.values(settings.sources)).toEqual(Array(7).fill("profile"));
  });

  it("takes the environment over the profile", async () => {
    const env = {
      HOOKS_SECRET: "env-secret",
      HOOKS_URL: "https://env.example/hooks",
      HOOKS_PORT: "6000",
      HOOKS_FORWARD_TO: "http://127.0.0.1:4000/env",
      HOOKS_TUNNEL: "cloudflared",
      HOOKS_PUBLIC_URL: "https://env.example",
    };
    const settings = await resolveSettings({}, { env, loadProfiles: fromProfile });
    expect(settings).toMatchObject({
      provider: "standard",
      secrets: ["env-secret"],
      url: "https://env.example/hooks",
      port: 6000,
      forwardTo: "http://127.0.0.1:4000/env",
      tunnel: "cloudflared",
      publicUrl: "https://env.example",
    });
    expect(settings.sources).toMatchObject({ provider: "profile", secret: "env", port: "env" });
  });

  it("takes flags over everything, and keeps every repeated --secret", async () => {
    const env = { HOOKS_SECRET: "env-secret", HOOKS_PORT: "6000", HOOKS_TUNNEL: "cloudflared" };
    const settings = await resolveSettings(
      { secret: ["flag-1", "flag-2"], port: "7000", tunnel: "none", url: "http://flag.example" },
      { env, loadProfiles: fromProfile },
    );
    expect(settings).toMatchObject({
      secrets: ["flag-1", "flag-2"],
      port: 7000,
      tunnel: "none",
      url: "http://flag.example",
      forwardTo: saved.forwardTo,
    });
    expect(settings.sources).toMatchObject({ secret: "flag", port: "flag", forwardTo: "profile" });
  });

  it("names the source of a bad value", async () => {
    await expect(resolveSettings({ port: "http" }, { env: {} })).rejects.toThrow(
      /invalid --port "http"/,
    );
    await expect(resolveSettings({}, { env: { HOOKS_PORT: "99999" } })).rejects.toThrow(
      /invalid HOOKS_PORT "99999": not a port/,
    );
    await expect(resolveSettings({}, { env: { HOOKS_TUNNEL: "ngrok" } })).rejects.toThrow(
      /HOOKS_TUNNEL/,
    );
    await expect(resolveSettings({}, { env: { HOOKS_PROVIDER: "nope" } })).rejects.toThrow(
      /invalid HOOKS_PROVIDER "nope": unknown provider/,
    );
  });

  it("picks the profile by flag, then HOOKS_PROFILE, and refuses a named profile that is not saved", async () => {
    const load = (): Record<string, Profile> => ({ ci: { port: 4999 }, staging: {} });
    expect((await resolveSettings({ profile: "ci" }, { env: {}, loadProfiles: load })).port).toBe(
      4999,
    );
    expect(
      (await resolveSettings({}, { env: { HOOKS_PROFILE: "ci" }, loadProfiles: load })).port,
    ).toBe(4999);
    await expect(
      resolveSettings({ profile: "prod" }, { env: {}, loadProfiles: load }),
    ).rejects.toThrow(
      /^no saved profile "prod" \(--profile\); saved profiles: ci, staging; create it with `hooks init --profile prod`$/,
    );
    await expect(
      resolveSettings({}, { env: { HOOKS_PROFILE: "prod" }, loadProfiles: load }),
    ).rejects.toThrow(/\(HOOKS_PROFILE\)/);
  });

  it("says so when no profile is saved at all", async () => {
    await expect(
      resolveSettings({ profile: "prod" }, { env: {}, loadProfiles: () => ({}) }),
    ).rejects.toThrow(/no saved profile "prod" \(--profile\); no profile is saved yet; create it/);
  });

  it("accepts port 0 (any free port) from every layer", async () => {
    expect((await resolveSettings({ port: "0" }, { env: {} })).port).toBe(0);
    expect((await resolveSettings({}, { env: { HOOKS_PORT: "0" } })).port).toBe(0);
    const zero = () => ({ default: { port: 0 } });
    expect((await resolveSettings({}, { env: {}, loadProfiles: zero })).port).toBe(0);
  });

  it("reads the real config file by default", async () => {
    await setConfig(undefined, "secret", "saved-secret-xyz");
    await setConfig(undefined, "port", "5555");
    const settings = await resolveSettings({}, { env: {} });
    expect(settings).toMatchObject({
      secrets: ["saved-secret-xyz"],
      port: 5555,
      profileFound: true,
    });
    process.env.HOOKS_SECRET = "env-wins";
    expect((await resolveSettings({})).secrets).toEqual(["env-wins"]);
    expect((await resolveSettings({ secret: ["flag-wins"] })).secrets).toEqual(["flag-wins"]);
  });
});
