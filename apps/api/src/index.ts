export { createVigil, type Vigil } from "./app.ts";
export { configFromEnv, type Config } from "./config.ts";
export { buildVigilSchema } from "./schema.ts";
export { startLocalDelegates, type LocalDelegates } from "./local-nodes.ts";
