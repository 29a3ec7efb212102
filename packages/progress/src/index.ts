/** @vigil/progress: one progress display for Vigil's command-line tools and benchmarks (terminal or CI log). */
export { type Progress, type ProgressOptions, type ProgressStream, createProgress } from "./progress.ts";
export { duration, type ProgressState } from "./format.ts";
