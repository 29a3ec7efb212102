import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ["@vigil/log", "@vigil/analytics", "@vigil/calendar", "@vigil/contacts", "@vigil/rules", "@vigil/trust"],
  poweredByHeader: false,
  // The log verifier key the browser checks proofs with (lib/pinned-key.ts), fixed at build time.
  env: { NEXT_PUBLIC_VIGIL_LOG_VKEY: process.env.NEXT_PUBLIC_VIGIL_LOG_VKEY || process.env.VIGIL_LOG_VKEY || "" },
  // Type errors are caught by `npm run typecheck`; the production build should not repeat that work.
  typescript: { ignoreBuildErrors: true },
  // The log explorer was "/chain" before the portal said "log" everywhere; old links and bookmarks keep working.
  async redirects() {
    return [{ source: "/chain", destination: "/log", permanent: true }];
  },
};

export default config;
