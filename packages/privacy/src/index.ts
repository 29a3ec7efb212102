export * from "./consent.ts";
export * from "./identity.ts";
export * from "./pseudonym.ts";
export * from "./receipt.ts";
export * from "./record.ts";
export * from "./seal.ts";
export * from "./demo.ts";
