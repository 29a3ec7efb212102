export * from "./day.ts";
