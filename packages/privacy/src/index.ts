export * from "./identity.ts";
export * from "./pseudonym.ts";
export * from "./seal.ts";
