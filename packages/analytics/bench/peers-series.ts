/**
 * Seeded synthetic surveillance series for the R peer harness (`bench/peers.ts`): daily and weekly,
 * low and high counts, Poisson or over-dispersed (negative binomial), seasonality, trends and outbreaks.
 * @module
 */
import { createRng } from "../src/random.ts";

/** One synthetic series and how it was made (for mismatch listings). */
export interface SyntheticSeries {
  readonly label: string;
  readonly counts: number[];
}

const LEVELS = [0.3, 1.5, 4, 12, 40, 150];

function generate(seed: number, count: number, length: number, periodsPerYear: number, weeklyCycle: boolean): SyntheticSeries[] {
  const rng = createRng(seed);
  const out: SyntheticSeries[] = [];
  for (let s = 0; s < count; s++) {
    const level = LEVELS[s % LEVELS.length] * (0.7 + 0.6 * rng.next());
    const dispersion = s % 3 === 0 ? Infinity : 0.5 + 5 * rng.next();
    const amplitude = s % 4 === 0 ? 0 : 0.2 + 0.6 * rng.next();
    const phase = 2 * Math.PI * rng.next();
    // Log-linear trend per year in [-0.3, +0.3] for half of the series.
    const trendPerYear = s % 2 === 0 ? 0 : -0.3 + 0.6 * rng.next();
    const outbreaks: { start: number; length: number; size: number }[] = [];
    const outbreakCount = Math.floor(rng.next() * 4);
    for (let o = 0; o < outbreakCount; o++) {
      const span = Math.max(2, Math.round((periodsPerYear === 52 ? 3 : 14) * (0.5 + rng.next())));
      outbreaks.push({ start: Math.floor(rng.next() * length), length: span, size: 1 + 3 * rng.next() });
    }
    const counts = new Array<number>(length);
    for (let t = 0; t < length; t++) {
      let mean = level * Math.exp(amplitude * Math.sin((2 * Math.PI * t) / periodsPerYear + phase) + (trendPerYear * t) / periodsPerYear);
      if (weeklyCycle && t % 7 >= 5) mean *= 0.6;
      for (const o of outbreaks) if (t >= o.start && t < o.start + o.length) mean *= 1 + o.size;
      counts[t] = Number.isFinite(dispersion) ? rng.negBinomial(mean, dispersion) : rng.poisson(mean);
    }
    const kind = Number.isFinite(dispersion) ? `NB k=${dispersion.toFixed(2)}` : "Poisson";
    out.push({
      label: `#${s} level ${level.toFixed(2)} ${kind} season ${amplitude.toFixed(2)} trend ${trendPerYear.toFixed(2)}/y outbreaks ${outbreakCount}`,
      counts,
    });
  }
  return out;
}

/** `count` daily series of `days` days (weekday cycle, annual season, trend, outbreaks). */
export function dailySeries(seed: number, count: number, days: number): SyntheticSeries[] {
  return generate(seed, count, days, 365, true);
}

/** `count` weekly series of `weeks` weeks (annual season, trend, outbreaks). */
export function weeklySeries(seed: number, count: number, weeks: number): SyntheticSeries[] {
  return generate(seed + 1_000_003, count, weeks, 52, false);
}
