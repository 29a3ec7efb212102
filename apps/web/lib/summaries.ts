// Sentences under the analysis charts. Plain functions (not in the chart modules, which are client-only),
// so server components can render them into the page's HTML.
import { fmt1, fmtInt, fmtLongDay, fmtShortDay } from "./format";
import type { Projection, RtPoint } from "./shapes";

const fmt2 = (x: number) => x.toFixed(2);

/** "Projection (growth model, 14 days): 25 → 36 cases/day (95 % interval 12–89 by 10 Dec)". */
export function projectionSummary(projection: Projection): string | null {
  const first = projection.points[0];
  const last = projection.points.at(-1);
  if (!first || !last) return null;
  const days = projection.points.length;
  return (
    `Projection (${projection.method} model, ${days} day${days === 1 ? "" : "s"}): ${fmtInt(first.median)} → ${fmtInt(last.median)} cases/day ` +
    `(95 % interval ${fmtInt(last.lower)}–${fmtInt(last.upper)} by ${fmtShortDay(last.date)})`
  );
}

/** What the last interval says about Rt = 1, in words a decision maker can act on. */
export function rtSummary(rt: RtPoint[]): string | null {
  const p = rt.at(-1);
  if (!p) return null;
  const reading =
    p.lower > 1
      ? "above 1 with 95 % credibility: the epidemic is growing"
      : p.upper < 1
        ? "below 1 with 95 % credibility: the epidemic is shrinking"
        : "the interval includes 1: not clearly growing or shrinking";
  return `Rt on ${fmtLongDay(p.date)}: ${fmt2(p.mean)} (95 % CrI ${fmt2(p.lower)}–${fmt2(p.upper)}), ${reading}.`;
}

/** "+3.1 %/day · doubling 22 d" from the 14-day growth estimate. */
export function growthText(g: { rate: number; doublingTime: number | null; halvingTime: number | null } | null): string {
  if (!g) return "growth: not enough data";
  const rate = `${g.rate >= 0 ? "+" : "−"}${fmt1(Math.abs(g.rate) * 100)} %/day`;
  if (g.doublingTime != null && Number.isFinite(g.doublingTime)) return `${rate} · doubling ${fmt1(g.doublingTime)} d`;
  if (g.halvingTime != null && Number.isFinite(g.halvingTime)) return `${rate} · halving ${fmt1(g.halvingTime)} d`;
  return rate;
}

const pct = (x: number) => `${x >= 0 ? "+" : "−"}${fmt1(Math.abs(x) * 100)}`;

/** "+2.5 %/day (95 % CI −1.9 to +6.8)": the growth estimate with its interval, for the note under the chart. */
export function growthInterval(g: { rate: number; lower: number; upper: number }): string {
  return `${pct(g.rate)} %/day (95 % CI ${pct(g.lower)} to ${pct(g.upper)})`;
}

/** The API prefixes each reason with its level ("level III: …"); the sentence around it already says which. */
export const stripLevel = (reason: string) => reason.replace(/^level (I|II|III|IV): /, "");
