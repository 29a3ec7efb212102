/**
 * Structural diff of two rule-set versions, for the portal's policy page. Lists of named things are
 * matched by their identity, not their position — rules by `name`, measures by `indicator`,
 * reporting obligations by `contract`, reporters by kind and scope, de-escalations by their levels —
 * so inserting a rule shows one addition rather than every later rule "changed". Pure and
 * deterministic (object keys in sorted order), so the browser and a test agree on the output.
 * @module
 */

export type ChangeKind = "added" | "removed" | "changed";

export interface RuleSetChange {
  /** Where: `$.body.validations[confirmed-within-tests].expression`; list items by identity in brackets. */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The identity of a list item, or null when the list is positional. */
function identity(item: unknown): string | null {
  if (!isObj(item)) return null;
  if (typeof item.name === "string") return item.name;
  if (typeof item.indicator === "string") return item.indicator;
  if (typeof item.contract === "string") return item.contract;
  if (typeof item.from === "string" && typeof item.to === "string") return `${item.from}→${item.to}`;
  if (typeof item.kind === "string" && typeof item.scope === "string") return `${item.kind}@${item.scope}`;
  return null;
}

function keyed(list: unknown[]): Map<string, unknown> | null {
  const m = new Map<string, unknown>();
  for (const item of list) {
    const id = identity(item);
    if (id === null || m.has(id)) return null; // not uniformly identifiable: compare by position
    m.set(id, item);
  }
  return m;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && same(a[k], b[k]));
  }
  return false;
}

function walk(a: unknown, b: unknown, path: string, out: RuleSetChange[]): void {
  if (same(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const p = `${path}.${k}`;
      if (!(k in b)) out.push({ path: p, kind: "removed", before: a[k] });
      else if (!(k in a)) out.push({ path: p, kind: "added", after: b[k] });
      else walk(a[k], b[k], p, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = keyed(a);
    const kb = keyed(b);
    if (ka && kb) {
      // Order: the new version's order, then what it removed in the old order.
      for (const [id, item] of kb) {
        const p = `${path}[${id}]`;
        if (!ka.has(id)) out.push({ path: p, kind: "added", after: item });
        else walk(ka.get(id), item, p, out);
      }
      for (const [id, item] of ka) if (!kb.has(id)) out.push({ path: `${path}[${id}]`, kind: "removed", before: item });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: p, kind: "removed", before: a[i] });
      else if (i >= a.length) out.push({ path: p, kind: "added", after: b[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  out.push({ path, kind: "changed", before: a, after: b });
}

/** Changes from `before` to `after` (two versions of one rule set, or any two rule sets). Empty when equal. */
export function diffRuleSets(before: unknown, after: unknown): RuleSetChange[] {
  const out: RuleSetChange[] = [];
  walk(before, after, "$", out);
  return out;
}
