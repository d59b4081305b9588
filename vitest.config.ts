import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: fast pure unit tests beside the code, and integration/conformance tests that start real
// servers (PostgreSQL, gRPC, HTTP) and therefore run with longer timeouts and fewer workers.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/conformance/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["tests/support/globalSetup.ts"],
          maxWorkers: 2,
        },
      },
    ],
  },
});
