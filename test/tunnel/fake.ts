import { fileURLToPath } from "node:url";

/** The fake cloudflared executable (test/fixtures/cloudflared). */
export const FAKE_CLOUDFLARED = fileURLToPath(new URL("../fixtures/cloudflared", import.meta.url));

/** Sets the fake's FAKE_CLOUDFLARED_* variables for children spawned from now on. */
export function fakeEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  return () => apply(saved);
}
