import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Most test files spend their time waiting on spawned hooks processes and sockets, not on
    // the CPU: twice as many workers as this 2-core machine's cores takes npm test from about
    // 150 s to 90 s.
    maxWorkers: 4,
    // Test files share a worker's module cache instead of re-importing hooks' sources each time:
    // 102 s against 135 s for the suite here. No test file relies on a fresh module state (each
    // restores what it stubs), and the full suite passes either way.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
