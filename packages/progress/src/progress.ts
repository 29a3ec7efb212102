import { bar, figures, percent, summary, type ProgressState } from "./format.ts";

/** Where progress goes: process.stderr by default; anything with `write` in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Default process.stderr, so progress never mixes with a command's output on stdout. */
  stream?: ProgressStream;
  /** What is counted ("entries", "series"); shown after the numbers. */
  unit?: string;
  /** Redraw one line in place (a terminal) or print plain lines (CI logs, files). Default: the stream's isTTY. */
  tty?: boolean;
  /** Plain mode prints a line each time another `everyPercent` % is done. Default 10; 100 prints only the last line. */
  everyPercent?: number;
  /** Terminal mode redraws at most this often. Default 100 ms: fast loops can call `update` freely. */
  redrawMs?: number;
  /** Milliseconds; for tests. Default performance.now. */
  clock?: () => number;
}

export interface Progress {
  /** `done` items of `total` (pass `total` when it is only known later, or changes). Cheap to call often. */
  update(done: number, total?: number): void;
  /** Ends the progress with a last line: `<label> <text>`, or by default the count, time and rate. Later calls do nothing. */
  finish(text?: string): void;
}

/**
 * One progress display for the CLI and the benchmarks: a bar with count, rate and ETA redrawn in place on
 * a terminal, and plain periodic lines elsewhere, because `\r` redraws turn a CI log into one unreadable line.
 */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const every = Math.max(1, options.everyPercent ?? 10);
  const redrawMs = options.redrawMs ?? 100;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const state: ProgressState = { done: 0, total, unit: options.unit ?? "", seconds: 0 };
  let lastDraw = -Infinity;
  let lastStep = 0;
  let finished = false;

  /** Cut to the terminal width: a wrapped line cannot be redrawn with `\r`. */
  const fit = (line: string) => (stream.columns && line.length >= stream.columns ? line.slice(0, stream.columns - 1) : line);
  const draw = () => stream.write(`\r${fit(`${label} ${bar(state)} ${figures(state)}`)}\x1b[K`);

  return {
    update(done, newTotal) {
      if (finished) return;
      state.done = done;
      if (newTotal !== undefined) state.total = newTotal;
      const now = clock();
      state.seconds = (now - started) / 1000;
      if (tty) {
        if (now - lastDraw >= redrawMs) {
          lastDraw = now;
          draw();
        }
        return;
      }
      // Plain lines: one per step crossed; the last one is finish's job.
      const step = Math.floor(percent(state) / every);
      if (step > lastStep && percent(state) < 100) {
        lastStep = step;
        stream.write(`${label} ${figures(state)}\n`);
      }
    },
    finish(text) {
      if (finished) return;
      finished = true;
      state.seconds = (clock() - started) / 1000;
      const line = `${label} ${text ?? summary(state)}`;
      stream.write(tty ? `\r${fit(line)}\x1b[K\n` : `${line}\n`);
    },
  };
}
