import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ["@vigil/log", "@vigil/analytics", "@vigil/calendar", "@vigil/trust"],
  poweredByHeader: false,
  // Type errors are caught by `npm run typecheck`; the production build should not repeat that work.
  typescript: { ignoreBuildErrors: true },
  // The log explorer was "/chain" before the portal said "log" everywhere; old links and bookmarks keep working.
  async redirects() {
    return [{ source: "/chain", destination: "/log", permanent: true }];
  },
};

export default config;
