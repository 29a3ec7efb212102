// The integration project's global setup provides `postgresUrl`; the API's tests create databases in it the same way.
export { freshPostgres } from "../../api/test/fresh-postgres.ts";

export { type MirrorProcess, type NodeProcess, startMirror, startWitness } from "./process.ts";
