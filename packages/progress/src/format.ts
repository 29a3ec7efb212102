/** Pure formatting for progress lines: no I/O, so the tests pin the exact text. */

const BAR_WIDTH = 25;

export const count = (n: number): string => Math.round(n).toLocaleString("en-US");

/** "42 s", "3 min 05 s", "1 h 02 min": coarse on purpose, an ETA is an estimate. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

export interface ProgressState {
  done: number;
  total: number;
  unit: string;
  /** Since the start. */
  seconds: number;
}

export function percent({ done, total }: ProgressState): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
}

/** "36% 3,600/10,000 entries, 12,345 entries/s, ETA 5 s": the rate and ETA once there is something to go on. */
export function figures(state: ProgressState): string {
  const { done, total, unit, seconds } = state;
  let out = `${percent(state)}% ${count(done)}/${count(total)}${unit ? ` ${unit}` : ""}`;
  if (done > 0 && seconds > 0) {
    const rate = done / seconds;
    out += `, ${count(rate)}${unit ? ` ${unit}` : ""}/s`;
    if (done < total) out += `, ETA ${duration((total - done) / rate)}`;
  }
  return out;
}

export function bar(state: ProgressState): string {
  const filled = Math.floor((percent(state) / 100) * BAR_WIDTH);
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
}

/** The last line: "10,000 entries in 1.2 s (8,333 entries/s)". */
export function summary({ done, unit, seconds }: ProgressState): string {
  const u = unit ? ` ${unit}` : "";
  const rate = seconds > 0 ? ` (${count(done / seconds)}${u}/s)` : "";
  return `${count(done)}${u} in ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s${rate}`;
}
