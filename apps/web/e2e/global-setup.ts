import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { seedTemplate } from "../../api/test/global-setup.ts";
import { PORTAL_SEED_ENV } from "./seed-env.ts";

declare module "vitest" {
  export interface ProvidedContext {
    portalTemplate: string;
  }
}

/** The demo seeded ONCE per run on PGlite (the real first start); startPortal copies its data directory. */
export default async function setup(project: TestProject) {
  // The template's demo day, for the workers too (their portal.ts reads PORTAL_SEED_ENV afresh): one day per run.
  process.env.VIGIL_DEMO_TODAY ||= PORTAL_SEED_ENV.VIGIL_DEMO_TODAY;
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-template-portal-"));
  try {
    await seedTemplate(dir, undefined, PORTAL_SEED_ENV);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  project.provide("portalTemplate", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
