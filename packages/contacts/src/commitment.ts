import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** What a batch or deletion commitment hashes: one line per visit, in a fixed order. */
export interface CommittedVisit {
  person: string;
  place: string;
  start: number;
  end: number;
  source: string;
}

const line = (v: CommittedVisit) => `${v.person}\t${v.place}\t${v.start}\t${v.end}\t${v.source}\n`;

export function compareVisits(a: CommittedVisit, b: CommittedVisit): number {
  return a.start - b.start || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0) || (a.place < b.place ? -1 : a.place > b.place ? 1 : 0) || a.end - b.end;
}

/**
 * SHA-256 over a domain tag and the visits' lines sorted canonically (start, person, place, end): anyone holding
 * the same rows (a department's copy of its batch, the rows a deletion removed) recomputes the same hex digest,
 * whatever order they were stored or read in. The log holds this and the counts, never the visits.
 */
export function visitsCommitment(tag: "vigil-visit-batch/1" | "vigil-visit-deletion/1", visits: readonly CommittedVisit[]): string {
  // One string, one encoding, one hash call: per-line updates cost more than the hashing (a batch is 50,000 rows).
  return bytesToHex(sha256(utf8ToBytes(`${tag}\n${[...visits].sort(compareVisits).map(line).join("")}`)));
}

/** SHA-256 (hex) of a query result as canonical JSON text: what a justified-access entry records. */
export function resultHash(canonicalJsonText: string): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJsonText)));
}
