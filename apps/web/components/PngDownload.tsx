"use client";

import { useState } from "react";

// The computed styles that decide how an SVG chart looks. The portal's stylesheet colours axis text and grid
// lines, and a serialised SVG drawn on a canvas sees no stylesheet: these are copied onto each element first.
const STYLE_PROPERTIES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
] as const;

/** The chart's main SVG: the largest one in the container (legends hold small icon SVGs of their own). */
function chartSvg(container: Element): SVGSVGElement | null {
  const svgs = [...container.querySelectorAll("svg")];
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const svg of svgs) {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > area) [best, area] = [svg, r.width * r.height];
  }
  return best;
}

/** A self-contained copy of the SVG: sized, on a white ground, with its computed styles inlined. */
function standalone(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((el, i) => {
    const computed = getComputedStyle(el);
    const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";");
    to[i]!.setAttribute("style", `${to[i]!.getAttribute("style") ?? ""};${style}`);
  });
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  const ground = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ x: "0", y: "0", width: "100%", height: "100%", fill: "#ffffff" })) ground.setAttribute(k, v);
  copy.insertBefore(ground, copy.firstChild);
  return { markup: new XMLSerializer().serializeToString(copy), width, height };
}

/** Renders the chart inside `[data-testid=target]` to a PNG at twice its size, in the browser (no server round trip). */
async function toPng(target: string): Promise<Blob> {
  const container = document.querySelector(`[data-testid="${target}"]`);
  const svg = container && chartSvg(container);
  if (!svg) throw new Error("The chart is not drawn yet.");
  const { markup, width, height } = standalone(svg);
  const url = URL.createObjectURL(new Blob([markup], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = 2;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("This browser cannot draw on a canvas.");
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed."))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** "PNG" beside a panel's CSV and JSON links: downloads the chart as drawn, filters and all. */
export function PngDownload({ target, name, label = "PNG" }: { target: string; name: string; label?: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link-button"
        data-testid={`export-${name}-png`}
        onClick={async () => {
          setProblem(null);
          try {
            const blob = await toPng(target);
            const a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = `${name}.png`;
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
          } catch (e) {
            setProblem((e as Error).message);
          }
        }}
      >
        {label}
      </button>
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </>
  );
}
