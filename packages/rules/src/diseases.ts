/**
 * The notifiable-disease code list the policy layer publishes (GraphQL `diseases`): every case report names
 * one of these codes (`disease`, COVID-19 when omitted, so reports filed before diseases existed keep their
 * meaning). `period` is how the disease is reported and analysed: COVID-19 daily (EARS, CUSUM, EWMA, R_t),
 * the others weekly over years of history, where the published weekly rule runs Farrington (Noufaily et al.).
 * @module
 */

export interface Disease {
  /** Stable code stored on every report and logged with it. */
  readonly code: string;
  readonly name: string;
  /** ICD-10 category, for exchange with other systems. */
  readonly icd10: string;
  /** DAY: daily reports; WEEK: one report per district and ISO week, dated on the week's Monday. */
  readonly period: "DAY" | "WEEK";
}

/** COVID-19, the daily epidemic the demo follows, is the default of every report. */
export const DEFAULT_DISEASE = "COVID-19";

export const DISEASES: readonly Disease[] = Object.freeze([
  { code: "COVID-19", name: "COVID-19", icd10: "U07.1", period: "DAY" },
  { code: "INFLUENZA", name: "Influenza", icd10: "J11", period: "WEEK" },
  { code: "MEASLES", name: "Measles", icd10: "B05", period: "WEEK" },
  { code: "SALMONELLOSIS", name: "Salmonellosis", icd10: "A02.0", period: "WEEK" },
  { code: "PERTUSSIS", name: "Pertussis", icd10: "A37", period: "WEEK" },
]);

export const DISEASE_CODES: readonly string[] = DISEASES.map((d) => d.code);

export const diseaseByCode = (code: string): Disease | undefined => DISEASES.find((d) => d.code === code);
