import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// eslint-disable-next-line no-control-regex -- the colour codes a terminal does not show
const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, "");

describe("hooks providers (built binary)", () => {
  it("lines up every column, with and without colour", async () => {
    const [listed, plain, coloured] = await Promise.all([
      runCli(["providers", "--json"]),
      runCli(["providers"]),
      runCli(["providers"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }),
    ]);
    const providers = JSON.parse(listed.stdout) as {
      id: string;
      name: string;
      signatureHeaders: string[];
      events: unknown[];
    }[];
    expect(coloured.stdout).toContain("\x1b[");
    for (const output of [plain.stdout, stripAnsi(coloured.stdout)]) {
      const lines = output.split("\n").slice(0, providers.length);
      // Where each column starts (left-aligned ones) or ends (the right-aligned count), per line.
      const columns = lines.map((line, i) => {
        const provider = providers[i]!;
        expect(line.startsWith(`${provider.id} `)).toBe(true);
        const count = `${provider.events.length} sample events`;
        return [
          line.indexOf(` ${provider.name} `) + 1,
          line.indexOf(` ${provider.signatureHeaders[0]} `) + 1,
          line.indexOf(count) + count.length,
        ];
      });
      for (const column of columns) expect(column).toEqual(columns[0]);
      expect(columns[0]!.every((at) => at > 0)).toBe(true);
    }
  });
});
