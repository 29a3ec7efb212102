export * from "./overlap.ts";
export * from "./window.ts";
export * from "./commitment.ts";
export * from "./chain.ts";
export * from "./layout.ts";
export * from "./mobility.ts";
export * from "./roles.ts";
export * from "./track.ts";
