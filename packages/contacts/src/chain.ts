/**
 * Transmission chains from relationships (Go.Data's fields). Each relationship is versioned: an edit is a new
 * version (a new log entry), the latest version is the one in force, and a version with `retracted` removes it.
 */
export const EXPOSURE_TYPES = ["PHYSICAL_CONTACT", "BODY_FLUIDS", "HOUSEHOLD", "SHARED_SPACE", "HEALTHCARE", "TRAVEL", "UNKNOWN"] as const;
export type ExposureType = (typeof EXPOSURE_TYPES)[number];
export const CERTAINTIES = ["LOW", "MEDIUM", "HIGH"] as const;
export type Certainty = (typeof CERTAINTIES)[number];
/** Go.Data's daily follow-up outcomes, plus the start state. */
export const FOLLOW_UP_STATUSES = ["PENDING", "SEEN_OK", "SEEN_NOT_OK", "MISSED", "NOT_PERFORMED", "BECAME_CASE"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface Link {
  source: string;
  target: string;
  /** ms since the epoch. */
  contactDate: number;
  exposureType: ExposureType;
  certainty: Certainty;
  durationMinutes: number;
  followUp: FollowUpStatus;
  version: number;
  retracted?: boolean;
}

/** Union-find clusters over the links in force: each a sorted list of members, largest first. */
export function clusters(links: readonly Pick<Link, "source" | "target">[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(x) !== r) {
      const n = parent.get(x)!;
      parent.set(x, r);
      x = n;
    }
    return r;
  };
  const add = (x: string) => parent.has(x) || parent.set(x, x);
  for (const l of links) {
    add(l.source);
    add(l.target);
    const a = find(l.source);
    const b = find(l.target);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(x);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}

/** The chain through `person`: every link of its cluster (ancestors, descendants and siblings alike). */
export function chainOf<L extends Pick<Link, "source" | "target">>(person: string, links: readonly L[]): L[] {
  const adj = new Map<string, L[]>();
  for (const l of links) {
    for (const p of [l.source, l.target]) {
      let a = adj.get(p);
      if (!a) adj.set(p, (a = []));
      a.push(l);
    }
  }
  const seen = new Set([person]);
  const out = new Set<L>();
  const stack = [person];
  while (stack.length) {
    const p = stack.pop()!;
    for (const l of adj.get(p) ?? []) {
      out.add(l);
      for (const q of [l.source, l.target])
        if (!seen.has(q)) {
          seen.add(q);
          stack.push(q);
        }
    }
  }
  return [...out];
}

/** Generation of each node: roots (no incoming link) 0, a target one more than its earliest-placed source. Cycles are broken at first visit. */
export function generations(nodes: readonly string[], links: readonly Pick<Link, "source" | "target">[]): Map<string, number> {
  const out = new Map<string, Pick<Link, "source" | "target">[]>();
  const indeg = new Map(nodes.map((n) => [n, 0]));
  for (const l of links) {
    let o = out.get(l.source);
    if (!o) out.set(l.source, (o = []));
    o.push(l);
    indeg.set(l.target, (indeg.get(l.target) ?? 0) + 1);
    if (!indeg.has(l.source)) indeg.set(l.source, 0);
  }
  const gen = new Map<string, number>();
  const queue: string[] = [];
  for (const [n, d] of indeg) if (d === 0) gen.set(n, 0), queue.push(n);
  // Nodes only on cycles have no root: start them at 0 too.
  for (let head = 0; ; ) {
    while (head < queue.length) {
      const n = queue[head++]!;
      for (const l of out.get(n) ?? [])
        if (!gen.has(l.target)) {
          gen.set(l.target, gen.get(n)! + 1);
          queue.push(l.target);
        }
    }
    const left = [...indeg.keys()].find((n) => !gen.has(n));
    if (left === undefined) break;
    gen.set(left, 0);
    queue.push(left);
  }
  return gen;
}
