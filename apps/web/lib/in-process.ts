import type { DocumentNode, ExecutionResult } from "graphql";

/**
 * What server.ts publishes on globalThis for Next's server code: the API's in-process `execute`, with the same
 * auth, scope and limits as /graphql. globalThis, because Next bundles server components separately from
 * server.ts, so module state is not shared between them.
 */
export const VIGIL_API = Symbol.for("vigil.api");

export interface InProcessApi {
  execute(request: { document: DocumentNode; variables?: Record<string, unknown>; token?: string | null }): Promise<ExecutionResult>;
}

export function publishApi(api: InProcessApi): void {
  (globalThis as Record<symbol, unknown>)[VIGIL_API] = api;
}

export function inProcessApi(): InProcessApi {
  const api = (globalThis as Record<symbol, unknown>)[VIGIL_API] as InProcessApi | undefined;
  if (!api) throw new Error("The Vigil API is not running in this process: start the portal with server.ts (npm start).");
  return api;
}
