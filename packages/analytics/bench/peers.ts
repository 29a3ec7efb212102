/**
 * R peer harness: Vigil's detectors and estimators side by side with R `surveillance` 1.20.3 and
 * `EpiEstim` 2.2-4 on seeded synthetic series (daily and weekly; low and high counts,
 * over-dispersion, seasonality, trends, outbreaks), compared at 1e-6 relative.
 *
 *   npm run bench:peers
 *   npx tsx packages/analytics/bench/peers.ts [--series N] [--days N] [--weekly-series N] [--years N]
 *     [--weeks N] [--nowcast-series N] [--seed N] [--only ears,cusum,farrington,epiestim,nowcast] [--rscript PATH]
 *
 * Defaults: 300 daily series × 365 days (EARS C1/C2/C3, CUSUM, estimate_R parametric, non-parametric, local/imported), 100 weekly series × 6 years
 * with the last 26 weeks evaluated (farringtonFlexible, Noufaily settings, trend off and on).
 * R runs once per method family (inputs in a temporary CSV); its time is measured inside R.
 * Without Rscript or the packages it prints how to install them and exits 0.
 */
import { formatReport, type PeerOptions, runPeers } from "./peers-harness.ts";

function flags(argv: readonly string[]): PeerOptions {
  const out: Record<string, unknown> = {};
  const number = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} needs a positive integer, got ${String(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    i++;
    if (flag === "--series") out.dailySeries = number(flag, value);
    else if (flag === "--days") out.days = number(flag, value);
    else if (flag === "--weekly-series") out.weeklySeries = number(flag, value);
    else if (flag === "--years") out.years = number(flag, value);
    else if (flag === "--weeks") out.evaluatedWeeks = number(flag, value);
    else if (flag === "--seed") out.seed = number(flag, value);
    else if (flag === "--nowcast-series") out.nowcastSeries = number(flag, value);
    else if (flag === "--rscript") out.rscript = value;
    else if (flag === "--only") out.families = String(value).split(",");
    else throw new RangeError(`unknown flag ${flag}`);
  }
  return out as PeerOptions;
}

const options = flags(process.argv.slice(2));
console.log(formatReport(runPeers(options)));
