// Until the root vitest.config.ts lists it: `npx vitest run --config apps/web/test/vitest.config.ts`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { root: import.meta.dirname, include: ["**/*.test.ts"], environment: "node" },
});
