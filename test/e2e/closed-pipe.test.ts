import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnCli } from "../helpers/cli.js";

describe("a reader that goes away (hooks listen --json | head -1)", () => {
  it("ends hooks quietly, without a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hooks-pipe-"));
    const child = spawnCli([
      "listen",
      "--json",
      "--tunnel",
      "none",
      "--no-inspect",
      "--port",
      "0",
      "--store",
      join(dir, "events.jsonl"),
    ]);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the ready line, then close our end of the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    child.stdout?.destroy();
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGTERM"); // its summary line now meets a closed pipe
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
