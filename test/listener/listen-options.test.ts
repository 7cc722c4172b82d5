import { describe, expect, it } from "vitest";
import { saveProfile, setConfig } from "../../src/config/edit.js";
import { UsageError } from "../../src/errors.js";
import { resolveListenOptions } from "../../src/listener/listen-options.js";
import { useTempConfigDir } from "../config/temp-home.js";

describe("hooks listen: registering because the profile says so", () => {
  useTempConfigDir();

  it("registers with a profile's register: true, and --no-register turns it off for the run", async () => {
    await saveProfile("default", { provider: "github", register: true, webhooks: { repo: "o/r" } });
    const on = await resolveListenOptions({});
    expect(on.register).toMatchObject({
      id: undefined,
      events: [],
      path: "/webhooks",
      keep: false,
    });
    const off = await resolveListenOptions({ register: false });
    expect(off.register).toBeUndefined();
    // --event and --path belong to a registering run: the profile's register makes one.
    const withEvent = await resolveListenOptions({ event: ["push"], path: "/gh" });
    expect(withEvent.register).toMatchObject({ events: ["push"], path: "/gh" });
    await expect(resolveListenOptions({ register: false, event: ["push"] })).rejects.toThrow(
      /--event is for --register/,
    );
  });

  it("lets --register <id> win over the profile, and reads the named profile", async () => {
    await saveProfile("default", { provider: "github", register: true });
    expect((await resolveListenOptions({ register: "12345" })).register?.id).toBe("12345");
    await saveProfile("plain", { provider: "github" });
    expect((await resolveListenOptions({ profile: "plain" })).register).toBeUndefined();
    expect(
      (await resolveListenOptions({ profile: "plain", register: true })).register,
    ).toMatchObject({ id: undefined, profile: "plain" });
  });

  it("takes HOOKS_REGISTER between the flag and the profile", async () => {
    await setConfig(undefined, "register", "true");
    process.env.HOOKS_REGISTER = "false";
    expect((await resolveListenOptions({})).register).toBeUndefined();
    expect((await resolveListenOptions({ register: true })).register).toBeDefined();
    await setConfig(undefined, "register", "false");
    process.env.HOOKS_REGISTER = "1";
    expect((await resolveListenOptions({})).register).toBeDefined();
    process.env.HOOKS_REGISTER = "maybe";
    const error = await resolveListenOptions({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/invalid HOOKS_REGISTER "maybe": not a boolean/);
  });
});
