import type { ElementDefinition } from "cytoscape";

// The chain as the browser needs it: people once (index into `people`), positions and links as flat arrays.
// A 25,000-person chain is ~1 MB this way instead of ~9 MB of repeated objects, and the graph builds from it
// without a lookup per link.

export interface ChainInput {
  casePseudonym: string;
  nodes: { pseudonym: string; isCase: boolean; x: number; y: number }[];
  links: {
    source: string;
    target: string;
    version: number;
    contactDate: string;
    exposureType: string;
    certainty: string;
    followUp: string;
    entryIndex: number;
  }[];
}

export interface ChainView {
  root: number;
  people: string[];
  /** Layout positions from the API (x: days since the first, y: row), unscaled. */
  x: number[];
  y: number[];
  isCase: boolean[];
  /** Link i goes from people[source[i]] to people[target[i]]. */
  source: number[];
  target: number[];
  /** Per link: contact day (YYYY-MM-DD), exposure, certainty, follow-up, version, entry. */
  day: string[];
  exposure: string[];
  certainty: string[];
  followUp: string[];
  version: number[];
  entry: number[];
}

export function compactChain(chain: ChainInput): ChainView {
  const at = new Map<string, number>();
  const people: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const isCase: boolean[] = [];
  for (const n of chain.nodes) {
    at.set(n.pseudonym, people.length);
    people.push(n.pseudonym);
    x.push(n.x);
    y.push(n.y);
    isCase.push(n.isCase);
  }
  const links = chain.links.filter((l) => at.has(l.source) && at.has(l.target));
  return {
    root: at.get(chain.casePseudonym) ?? -1,
    people,
    x,
    y,
    isCase,
    source: links.map((l) => at.get(l.source)!),
    target: links.map((l) => at.get(l.target)!),
    day: links.map((l) => l.contactDate.slice(0, 10)),
    exposure: links.map((l) => l.exposureType),
    certainty: links.map((l) => l.certainty),
    followUp: links.map((l) => l.followUp),
    version: links.map((l) => l.version),
    entry: links.map((l) => l.entryIndex),
  };
}

/**
 * Positions in box pixels: the layout's day columns and rows stretched to the box, so a chain of thousands
 * of rows a day fills it instead of fitting as a thin line (the axes keep their order, not their ratio).
 */
export function fitToBox(xs: readonly number[], ys: readonly number[], width: number, height: number, pad = 12): { x: Float64Array; y: Float64Array } {
  const span = (v: readonly number[]) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const a of v) {
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    return { lo, range: hi - lo };
  };
  const sx = span(xs);
  const sy = span(ys);
  const w = width - 2 * pad;
  const h = height - 2 * pad;
  const x = new Float64Array(xs.length);
  const y = new Float64Array(ys.length);
  for (let i = 0; i < xs.length; i++) {
    x[i] = pad + (sx.range ? ((xs[i]! - sx.lo) / sx.range) * w : w / 2);
    y[i] = pad + (sy.range ? ((ys[i]! - sy.lo) / sy.range) * h : h / 2);
  }
  return { x, y };
}

/** Dot size for n people in a box: large enough to click when few, a few pixels when thousands share it. */
export const dotSize = (n: number, width: number, height: number) => Math.max(2, Math.min(14, Math.sqrt((width * height) / Math.max(1, n)) * 0.45));

/**
 * Rows re-packed among the people drawn, centred per day column: the API's rows count everyone (contacts too),
 * so with contacts folded into their cases the cases would sit in sparse, top-heavy columns.
 */
export function packColumns(xs: readonly number[], ys: readonly number[]): number[] {
  const columns = new Map<number, number[]>();
  xs.forEach((x, i) => {
    let c = columns.get(x);
    if (!c) columns.set(x, (c = []));
    c.push(i);
  });
  const out = new Array<number>(xs.length);
  for (const members of columns.values()) {
    members.sort((a, b) => ys[a]! - ys[b]! || a - b);
    members.forEach((i, rank) => {
      out[i] = rank - (members.length - 1) / 2;
    });
  }
  return out;
}

/** Above this many people the graph draws cases only, each case's contacts folded into it (level of detail). */
export const LARGE_CHAIN = 2_000;

export interface ChainDrawing {
  /** Indices into `people` drawn at first. */
  shown: number[];
  /** Cytoscape's elements: the drawn people at box positions, and the links between them. */
  elements: ElementDefinition[];
  /** Per drawn case, the links to its folded (not drawn) contacts: drawn on click. */
  contactsOf: Map<number, number[]>;
  /** Dot size in pixels for this many drawn people in the box. */
  size: number;
}

/**
 * What the graph draws first. A chain of thousands draws its cases (and the queried person) and the links
 * between them, each case's contacts counted on it (class `has-contacts`) and drawn on demand: cytoscape's first
 * frame of 25,000 people and links takes ~4 s on two slow cores, 5,000 cases draw in well under one.
 */
export function chainDrawing(chain: ChainView, width: number, height: number): ChainDrawing {
  const detail = chain.people.length <= LARGE_CHAIN;
  const shown = detail ? chain.people.map((_, i) => i) : chain.people.map((_, i) => i).filter((i) => chain.isCase[i] || i === chain.root);
  const drawn = new Set(shown);
  const columnX = shown.map((i) => chain.x[i]!);
  const rows = shown.map((i) => chain.y[i]!);
  const { x, y } = fitToBox(columnX, detail ? rows : packColumns(columnX, rows), width, height);
  const contactsOf = new Map<number, number[]>();
  for (let j = 0; j < chain.source.length; j++)
    if (!drawn.has(chain.target[j]!)) {
      const s = chain.source[j]!;
      let list = contactsOf.get(s);
      if (!list) contactsOf.set(s, (list = []));
      list.push(j);
    }
  const elements: ElementDefinition[] = [];
  shown.forEach((i, k) =>
    elements.push({
      group: "nodes",
      data: { id: `n${i}`, label: chain.people[i] },
      position: { x: x[k]!, y: y[k]! },
      classes: [i === chain.root ? "root" : chain.isCase[i] ? "case" : "", contactsOf.has(i) ? "has-contacts" : ""].join(" ").trim() || undefined,
    }),
  );
  for (let j = 0; j < chain.source.length; j++)
    if (drawn.has(chain.source[j]!) && drawn.has(chain.target[j]!))
      elements.push({ group: "edges", data: { id: `e${j}`, source: `n${chain.source[j]}`, target: `n${chain.target[j]}` } });
  return { shown, elements, contactsOf, size: dotSize(shown.length, width, height) };
}
