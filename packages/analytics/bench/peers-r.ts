/**
 * R side of the peer harness: finds `Rscript` with `surveillance` and `EpiEstim`, and runs one
 * Rscript call per method family on series written to a temporary CSV file.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether R with both packages can be used, and their versions. */
export type RStatus = { readonly ok: true; readonly surveillance: string; readonly epiestim: string } | { readonly ok: false; readonly reason: string };

/** Probes `rscript` (default `Rscript` on PATH) for the two packages. */
export function findR(rscript = "Rscript"): RStatus {
  const probe = spawnSync(
    rscript,
    [
      "-e",
      'suppressPackageStartupMessages({library(surveillance); library(EpiEstim)}); cat(as.character(packageVersion("surveillance")), as.character(packageVersion("EpiEstim")))',
    ],
    { encoding: "utf8" },
  );
  if (probe.error) return { ok: false, reason: `R not found (${rscript}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})` };
  if (probe.status !== 0)
    return { ok: false, reason: `R packages missing (${rscript} exited ${probe.status}: ${probe.stderr.trim().split("\n").slice(-1)[0] ?? ""})` };
  const [surveillance, epiestim] = probe.stdout.trim().split(/\s+/);
  return { ok: true, surveillance, epiestim };
}

/** R's output: named numeric matrices (rows = series, NA as null) and R's own compute time in seconds. */
export interface ROutput {
  readonly tables: Map<string, (number | null)[][]>;
  readonly seconds: Map<string, number>;
}

function parseValue(text: string): number | null {
  if (text === "NA" || text === "NaN" || text === "") return null;
  if (text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "TRUE") return 1;
  if (text === "FALSE") return 0;
  return Number(text);
}

/**
 * Runs `script` with `Rscript`: the series are in `input.csv` (one row each, no header) of the
 * working directory, which is the R working directory. The script writes `<name>.csv` tables
 * and a `times.csv` of `name,seconds` lines; every file listed in `names` is read back.
 */
export function runR(rscript: string, script: string, series: readonly (readonly (number | string)[])[], names: readonly string[]): ROutput {
  const dir = mkdtempSync(join(tmpdir(), "vigil-peers-"));
  try {
    writeFileSync(join(dir, "input.csv"), `${series.map((s) => s.join(",")).join("\n")}\n`);
    writeFileSync(join(dir, "script.R"), script);
    const run = spawnSync(rscript, ["--vanilla", "script.R"], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`Rscript failed (${run.status}):\n${run.stderr}`);
    const tables = new Map<string, (number | null)[][]>();
    for (const name of names) {
      const text = readFileSync(join(dir, `${name}.csv`), "utf8").trim();
      tables.set(name, text === "" ? [] : text.split("\n").map((line) => line.split(",").map((v) => parseValue(v.replace(/"/g, "").trim()))));
    }
    const seconds = new Map<string, number>();
    for (const line of readFileSync(join(dir, "times.csv"), "utf8").trim().split("\n")) {
      const [name, value] = line.split(",");
      seconds.set(name, Number(value));
    }
    return { tables, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PRELUDE = `
suppressPackageStartupMessages({ library(surveillance); library(EpiEstim) })
X <- as.matrix(read.csv("input.csv", header = FALSE))
dimnames(X) <- NULL
out <- function(name, m) write.table(m, paste0(name, ".csv"), sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
times <- character(0)
timed <- function(name, expr) { t0 <- proc.time()[["elapsed"]]; force(expr); times <<- c(times, paste0(name, ",", proc.time()[["elapsed"]] - t0)) }
options(digits = 15)
`;

/** EARS C1/C2/C3 via `earsC` on daily `sts` objects; tables `<method>_ub` and `<method>_alarm` over `range` (1-based). */
export function earsScript(startDate: string, ranges: Record<"C1" | "C2" | "C3", [number, number]>): string {
  return `${PRELUDE}
dates <- as.Date("${startDate}") + 0:(ncol(X) - 1)
for (m in c("C1", "C2", "C3")) {
  rng <- switch(m, C1 = ${ranges.C1[0]}:${ranges.C1[1]}, C2 = ${ranges.C2[0]}:${ranges.C2[1]}, C3 = ${ranges.C3[0]}:${ranges.C3[1]})
  ub <- matrix(NA_real_, nrow(X), length(rng)); al <- ub
  timed(m, for (s in seq_len(nrow(X))) {
    st <- sts(observed = matrix(X[s, ], ncol = 1), epoch = dates, epochAsDate = TRUE, frequency = 365)
    r <- earsC(st, control = list(method = m, baseline = 7, alpha = 0.001, range = rng, minSigma = 0))
    ub[s, ] <- upperbound(r)[, 1]; al[s, ] <- alarms(r)[, 1]
  })
  out(paste0(m, "_ub"), format(ub, digits = 15)); out(paste0(m, "_alarm"), al)
}
writeLines(times, "times.csv")
`;
}

/** farringtonFlexible, one run per named control list (R syntax); tables `<name>_ub`, `<name>_expected`, `<name>_alarm`, `<name>_trend`. */
export function farringtonScript(startDate: string, range: [number, number], controls: Record<string, string>): string {
  const runs = Object.entries(controls)
    .map(
      ([name, control]) => `
ub <- matrix(NA_real_, nrow(X), length(rng)); ex <- ub; al <- ub; tr <- ub
timed("${name}", for (s in seq_len(nrow(X))) {
  st <- sts(observed = matrix(X[s, ], ncol = 1), epoch = dates, epochAsDate = TRUE, frequency = 52)
  r <- farringtonFlexible(st, control = c(list(range = rng), ${control}))
  ub[s, ] <- upperbound(r)[, 1]; al[s, ] <- alarms(r)[, 1]; ex[s, ] <- r@control$expected; tr[s, ] <- r@control$trend
})
out("${name}_ub", format(ub, digits = 15)); out("${name}_expected", format(ex, digits = 15)); out("${name}_alarm", al); out("${name}_trend", tr)
`,
    )
    .join("");
  return `${PRELUDE}
dates <- as.Date("${startDate}") + 7 * (0:(ncol(X) - 1))
rng <- ${range[0]}:${range[1]}
${runs}
writeLines(times, "times.csv")
`;
}

/** How `estimate_R` is asked: parametric (gamma) SI, a given discrete SI, or local/imported incidence with the gamma SI. */
export type EpiEstimVariant =
  | { readonly kind: "parametric"; readonly mean: number; readonly sd: number }
  | { readonly kind: "nonParametric"; readonly distribution: readonly number[] }
  | { readonly kind: "localImported"; readonly mean: number; readonly sd: number };

/**
 * estimate_R with default weekly windows; tables `R_mean`, `R_sd`, `R_lower`, `R_upper` (one column
 * per window end 8..T). For `localImported` the input holds 2N rows: N local series, then their N
 * imported series. `nonParametric` passes `si_distr = c(0, distribution)` (EpiEstim includes w_0).
 */
export function epiestimScript(variant: EpiEstimVariant): string {
  const config =
    variant.kind === "nonParametric"
      ? `method = "non_parametric_si", config = make_config(list(si_distr = c(0, ${variant.distribution.map((w) => String(w)).join(", ")})))`
      : `method = "parametric_si", config = make_config(list(mean_si = ${variant.mean}, std_si = ${variant.sd}))`;
  const incidence = variant.kind === "localImported" ? "data.frame(local = X[s, ], imported = X[N + s, ])" : "X[s, ]";
  return `${PRELUDE}
N <- ${variant.kind === "localImported" ? "nrow(X) / 2" : "nrow(X)"}
T <- ncol(X)
mn <- matrix(NA_real_, N, T - 7); sdv <- mn; lo <- mn; hi <- mn
timed("estimate_R", for (s in seq_len(N)) {
  r <- suppressWarnings(estimate_R(${incidence}, ${config}))$R
  mn[s, ] <- r[["Mean(R)"]]; sdv[s, ] <- r[["Std(R)"]]; lo[s, ] <- r[["Quantile.0.025(R)"]]; hi[s, ] <- r[["Quantile.0.975(R)"]]
})
out("R_mean", format(mn, digits = 15)); out("R_sd", format(sdv, digits = 15)); out("R_lower", format(lo, digits = 15)); out("R_upper", format(hi, digits = 15))
writeLines(times, "times.csv")
`;
}

/**
 * algo.cusum (trans = "standard") over `range` (1-based) with the reference m given per period: the
 * input holds 2N rows, N count series then their N reference series (NA outside the range).
 * Tables `cusum`, `cusum_ub`, `cusum_alarm`.
 */
export function cusumScript(range: [number, number], k: number, h: number): string {
  return `${PRELUDE}
N <- nrow(X) / 2
rng <- ${range[0]}:${range[1]}
cs <- matrix(NA_real_, N, length(rng)); ub <- cs; al <- cs
timed("cusum", for (s in seq_len(N)) {
  d <- create.disProg(week = seq_len(ncol(X)), observed = X[s, ], state = rep(0, ncol(X)))
  r <- algo.cusum(d, control = list(range = rng, k = ${k}, h = ${h}, m = X[N + s, rng], trans = "standard"))
  cs[s, ] <- r$cusum; ub[s, ] <- r$upperbound; al[s, ] <- r$alarm
})
out("cusum", format(cs, digits = 15)); out("cusum_ub", format(ub, digits = 15)); out("cusum_alarm", al)
writeLines(times, "times.csv")
`;
}

/**
 * nowcast(method = "bayes.notrunc.bnb") per series: each input row is a reporting triangle flattened
 * row by row (period t's delays 0…T−t), expanded here into a line list of (onset, report) dates so that R
 * builds the triangle itself. Tables `nc_median`, `nc_lower`, `nc_upper` over periods T−D…T, and `nc_cdf`.
 */
export function nowcastScript(startDate: string, periods: number, maxDelay: number, supportMax: number): string {
  return `${PRELUDE}
T <- ${periods - 1}; D <- ${maxDelay}
dates <- as.Date("${startDate}") + 0:T
idx <- (T - D + 1):(T + 1)
md <- matrix(NA_real_, nrow(X), length(idx)); lo <- md; hi <- md; cdf <- matrix(NA_real_, nrow(X), D + 1)
timed("nowcast", for (s in seq_len(nrow(X))) {
  onset <- integer(0); delay <- integer(0); k <- 1
  for (t in 0:T) for (x in 0:(T - t)) { c <- X[s, k]; k <- k + 1; if (c > 0) { onset <- c(onset, rep(t, c)); delay <- c(delay, rep(x, c)) } }
  df <- data.frame(dOnset = dates[onset + 1], dReport = dates[onset + delay + 1])
  invisible(capture.output(nc <- suppressWarnings(suppressMessages(nowcast(now = dates[T + 1], when = dates[idx], data = df,
    dEventCol = "dOnset", dReportCol = "dReport", method = "bayes.notrunc.bnb", D = D,
    control = list(dRange = c(dates[1], dates[T + 1]), N.tInf.max = ${supportMax}, alpha = 0.05, gd.prior.kappa = 0.1))))))
  md[s, ] <- upperbound(nc)[idx, 1]; lo[s, ] <- nc@pi[idx, 1, 1]; hi[s, ] <- nc@pi[idx, 1, 2]
  cdf[s, ] <- nc@delayCDF[["bayes.notrunc"]]
})
out("nc_median", md); out("nc_lower", lo); out("nc_upper", hi); out("nc_cdf", format(cdf, digits = 15))
writeLines(times, "times.csv")
`;
}
