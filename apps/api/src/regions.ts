import type { Database, Region } from "@vigil/db";

/**
 * The region hierarchy changes rarely (administrative boundaries), so it is read once and kept in memory;
 * `reload()` after an edit. Scope checks and roll-ups (district → city → province) use it on every request.
 */
export class RegionDirectory {
  private byCode = new Map<string, Region>();
  private children = new Map<string, string[]>();

  constructor(private readonly db: Database) {}

  async reload(): Promise<void> {
    const rows = await this.db.prisma.region.findMany({ orderBy: { code: "asc" } });
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    this.children = new Map();
    for (const r of rows) if (r.parentCode) this.children.set(r.parentCode, [...(this.children.get(r.parentCode) ?? []), r.code]);
  }

  all(): Region[] {
    return [...this.byCode.values()];
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  /** The region and everything below it. */
  subtree(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string) => {
      out.push(c);
      for (const k of this.children.get(c) ?? []) walk(k);
    };
    if (this.byCode.has(code)) walk(code);
    return out;
  }

  /** Districts are where reports are filed; higher levels are sums of them. */
  districtsUnder(code: string): string[] {
    return this.subtree(code).filter((c) => this.byCode.get(c)?.level === "DISTRICT");
  }

  contains(ancestor: string, code: string): boolean {
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) if (r.code === ancestor) return true;
    return false;
  }
}
