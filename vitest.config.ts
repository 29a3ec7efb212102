import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// One graphql module instance, or type-graphql and Apollo see two "realms" of GraphQLSchema.
const graphql = createRequire(import.meta.url).resolve("graphql");

export default defineConfig({
  resolve: { alias: { graphql } },
  test: {
    projects: [
      {
        resolve: { alias: { graphql } },
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "apps/web/test/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          // Pure and independent: both cores (vitest's default on 2 cores is 1 worker). This makes unit a group of
          // its own that runs before the sequential integration and e2e files, so nothing timed shares a core.
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias: { graphql } },
        test: {
          name: "integration",
          include: ["apps/api/test/**/*.test.ts", "apps/api/src/**/*.test.ts", "apps/node/test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["apps/api/test/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["apps/web/e2e/**/*.test.ts"],
          // The demo seeded once per run; startPortal copies it (portal.ts).
          globalSetup: ["apps/web/e2e/global-setup.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
