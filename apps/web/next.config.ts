import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ["@vigil/log"],
  poweredByHeader: false,
  // Type errors are caught by `npm run typecheck`; the production build should not repeat that work.
  typescript: { ignoreBuildErrors: true },
};

export default config;
