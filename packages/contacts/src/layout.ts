import { generations } from "./chain.ts";
import { DAY_MS } from "./overlap.ts";

export interface LayoutNode {
  id: string;
  /** ms since the epoch: onset of a case, first exposure of a contact. */
  time: number;
}

export interface LayoutOptions {
  dayWidth?: number;
  rowHeight?: number;
}

/**
 * Time-hierarchical layout: x is time (one column per day, so the chain reads left to right as it spread),
 * nodes of one day are stacked by generation and, within a generation, by their parents' mean position (fewer
 * crossings). O(n log n), no physics: 25,000 nodes lay out in milliseconds, and the renderer gets preset positions.
 */
export function timeHierarchicalLayout(
  nodes: readonly LayoutNode[],
  links: readonly { source: string; target: string }[],
  opts: LayoutOptions = {},
): Map<string, { x: number; y: number }> {
  const dayWidth = opts.dayWidth ?? 120;
  const rowHeight = opts.rowHeight ?? 24;
  const gen = generations(
    nodes.map((n) => n.id),
    links,
  );
  const t0 = nodes.reduce((m, n) => Math.min(m, n.time), Number.POSITIVE_INFINITY);
  const parents = new Map<string, string[]>();
  for (const l of links) {
    let p = parents.get(l.target);
    if (!p) parents.set(l.target, (p = []));
    p.push(l.source);
  }
  const byGen = new Map<number, LayoutNode[]>();
  for (const n of nodes) {
    const g = gen.get(n.id) ?? 0;
    let list = byGen.get(g);
    if (!list) byGen.set(g, (list = []));
    list.push(n);
  }
  const pos = new Map<string, { x: number; y: number }>();
  const height = new Map<number, number>();
  for (const g of [...byGen.keys()].sort((a, b) => a - b)) {
    const list = byGen.get(g)!;
    const desired = new Map<string, number>();
    for (const n of list) {
      const ys = (parents.get(n.id) ?? []).map((p) => pos.get(p)?.y).filter((y): y is number => y !== undefined);
      desired.set(n.id, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0);
    }
    list.sort((a, b) => desired.get(a.id)! - desired.get(b.id)! || a.time - b.time || (a.id < b.id ? -1 : 1));
    for (const n of list) {
      const col = Math.floor((n.time - t0) / DAY_MS);
      const h = height.get(col) ?? 0;
      pos.set(n.id, { x: col * dayWidth, y: h * rowHeight });
      height.set(col, h + 1);
    }
  }
  return pos;
}
