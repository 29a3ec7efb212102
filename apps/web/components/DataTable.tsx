import type { Dataset } from "@/lib/export";
import { PngDownload } from "./PngDownload";

/**
 * The table alternative of a chart (WCAG 1.1.1): the same rows as its CSV export, so the numbers a screen
 * reader hears, the download and the drawing agree (the e2e test compares them).
 */
export function DataTable({ data, caption, testId }: { data: Dataset; caption: string; testId: string }) {
  return (
    <details className="data-table">
      <summary>Table of the chart&apos;s data ({data.rows.length} rows)</summary>
      {/* A scrolling box must be reachable by keyboard to be scrolled (WCAG 2.1.1, axe scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
      <section className="table-wrap scroll-y" tabIndex={0} aria-label={caption}>
        <table className="table" data-testid={testId}>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {data.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed for a render; the first column may repeat
              <tr key={i}>
                {r.map((v, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={j}>{v == null ? "" : String(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </details>
  );
}

/**
 * CSV and JSON download links of a panel's data, at stable URLs that carry the page's filters; with `png` (the
 * chart's data-testid), a PNG of the chart as drawn.
 */
export function ExportLinks({ csv, json, name, png }: { csv: string; json: string; name: string; png?: string }) {
  return (
    <span className="export-links">
      <a href={csv} download data-testid={`export-${name}-csv`}>
        CSV
      </a>{" "}
      <a href={json} download data-testid={`export-${name}-json`}>
        JSON
      </a>
      {png && <PngDownload target={png} name={name} />}
    </span>
  );
}
