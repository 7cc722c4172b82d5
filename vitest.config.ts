import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Most test files spend their time waiting on spawned hooks processes and sockets, not on
    // the CPU: twice as many workers as this 2-core machine's cores takes npm test from about
    // 150 s to 90 s.
    maxWorkers: 4,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
