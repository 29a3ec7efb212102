// Types for every operation the portal sends, generated from the API's schema (/schema.graphql).
// `npm run codegen -w @vigil/web` rewrites lib/gql/; test/codegen.test.ts fails when it is stale or an
// operation no longer validates against the schema.
import type { CodegenConfig } from "@graphql-codegen/cli";
import path from "node:path";

const here = import.meta.dirname;

export const SCHEMA = path.resolve(here, "../../schema.graphql");
// Operations live next to the code that sends them; the generated folder itself is not a source.
export const DOCUMENTS = ["lib/**/*.ts", "components/**/*.tsx", "app/**/*.tsx", "!lib/gql/**"].map((g) =>
  g.startsWith("!") ? `!${path.join(here, g.slice(1))}` : path.join(here, g),
);
export const OUTPUT = "lib/gql/";

const config: CodegenConfig = {
  schema: SCHEMA,
  documents: DOCUMENTS,
  ignoreNoDocuments: false,
  generates: {
    [path.join(here, OUTPUT)]: {
      preset: "client",
      // Components take plain selected data; masking would make every prop go through useFragment.
      presetConfig: { fragmentMasking: false },
      config: {
        // Enums as `const` objects: the portal lists their values (detector and phase pickers) from the schema.
        enumType: "const",
        useTypeImports: true,
        strictScalars: true,
        scalars: { LocalDate: "string", DateTimeISO: "string", JSON: "unknown", JSONObject: "Record<string, unknown>" },
      },
    },
  },
};

export default config;
