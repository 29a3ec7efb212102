import type { Region } from "./shapes";

/** Is `code` equal to or below `ancestor` in the hierarchy? Walks parents, so it does not rely on code prefixes. */
export function isWithin(regions: Map<string, Region>, ancestor: string, code: string): boolean {
  for (let r = regions.get(code); r; r = r.parentCode ? regions.get(r.parentCode) : undefined) if (r.code === ancestor) return true;
  return false;
}

/** Depth-first order (each parent followed by its children), with the depth for indenting. */
export function treeOrder<T extends { code: string; parentCode: string | null }>(items: T[]): { item: T; depth: number }[] {
  const children = new Map<string | null, T[]>();
  const codes = new Set(items.map((i) => i.code));
  for (const i of items) {
    // An item whose parent is not in the list is shown as a root.
    const parent = i.parentCode && codes.has(i.parentCode) ? i.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), i]);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const out: { item: T; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const i of children.get(parent) ?? []) {
      out.push({ item: i, depth });
      walk(i.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export const regionLabel = (r: Pick<Region, "code" | "name">) => `${r.name} (${r.code})`;
