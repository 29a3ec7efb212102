/**
 * The indicator scheme of the Oxford Covid-19 Government Response Tracker (OxCGRT), in which a
 * policy declares the measures of each response level, so Vigil's declared measures can be compared
 * with OxCGRT's after-the-fact coding of governments.
 *
 * Source: OxCGRT codebook version 3.3, 28 June 2021, github.com/OxCGRT/covid-policy-tracker,
 * documentation/codebook.md (commit 28a0f8645529697af53bc791950790b6a8e6e7e1). Only the C, E and H
 * groups are carried (the issue asks for those); V1–V4 (vaccine prioritisation) and M1 (free text) are not.
 * `max` is the top of the ordinal scale ("Blank - no data" is expressed by leaving the measure out);
 * `usd` indicators record a US-dollar amount instead. `flag` names what the indicator's binary flag means.
 * @module
 */

export interface OxcgrtIndicator {
  readonly id: string;
  readonly name: string;
  /** Top of the ordinal scale (0..max); null for the US-dollar indicators. */
  readonly max: number | null;
  /** What flag = 0 and flag = 1 mean, when the indicator has a flag. */
  readonly flag: { readonly 0: string; readonly 1: string } | null;
}

const GEO = { 0: "targeted", 1: "general" } as const;

export const OXCGRT_INDICATORS: readonly OxcgrtIndicator[] = Object.freeze([
  { id: "C1", name: "School closing", max: 3, flag: GEO },
  { id: "C2", name: "Workplace closing", max: 3, flag: GEO },
  { id: "C3", name: "Cancel public events", max: 2, flag: GEO },
  { id: "C4", name: "Restrictions on gatherings", max: 4, flag: GEO },
  { id: "C5", name: "Close public transport", max: 2, flag: GEO },
  { id: "C6", name: "Stay at home requirements", max: 3, flag: GEO },
  { id: "C7", name: "Restrictions on internal movement", max: 2, flag: GEO },
  { id: "C8", name: "International travel controls", max: 4, flag: null },
  { id: "E1", name: "Income support", max: 2, flag: { 0: "formal sector workers only or informal sector workers only", 1: "all workers" } },
  { id: "E2", name: "Debt/contract relief", max: 2, flag: null },
  { id: "E3", name: "Fiscal measures", max: null, flag: null },
  { id: "E4", name: "International support", max: null, flag: null },
  { id: "H1", name: "Public information campaigns", max: 2, flag: GEO },
  { id: "H2", name: "Testing policy", max: 3, flag: null },
  { id: "H3", name: "Contact tracing", max: 2, flag: null },
  { id: "H4", name: "Emergency investment in healthcare", max: null, flag: null },
  { id: "H5", name: "Investment in vaccines", max: null, flag: null },
  { id: "H6", name: "Facial coverings", max: 4, flag: GEO },
  { id: "H7", name: "Vaccination policy", max: 5, flag: { 0: "at cost to individual", 1: "no or minimal cost to individual" } },
  { id: "H8", name: "Protection of elderly people", max: 3, flag: GEO },
]);

export type OxcgrtIndicatorId =
  | "C1"
  | "C2"
  | "C3"
  | "C4"
  | "C5"
  | "C6"
  | "C7"
  | "C8"
  | "E1"
  | "E2"
  | "E3"
  | "E4"
  | "H1"
  | "H2"
  | "H3"
  | "H4"
  | "H5"
  | "H6"
  | "H7"
  | "H8";

const BY_ID = new Map(OXCGRT_INDICATORS.map((i) => [i.id, i]));

export const oxcgrtIndicator = (id: string): OxcgrtIndicator | undefined => BY_ID.get(id);
