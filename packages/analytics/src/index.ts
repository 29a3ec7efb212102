export * from "./counts.ts";
export * from "./normal.ts";
export * from "./ears.ts";
export * from "./cusum.ts";
export * from "./ewma.ts";
export * from "./risk-level.ts";
