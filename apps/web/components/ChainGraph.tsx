"use client";

// The transmission chain drawn by cytoscape from the API's time-hierarchical layout (preset positions: no layout
// runs in the browser). Large chains (SORMAS's graph never displayed at 4,746 cases and 18,943 contacts) stay
// fast by drawing dots and straight "haystack" edges, no labels, and a texture while panning.
import cytoscape, { type Core } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import { type ChainView, chainDrawing, LARGE_CHAIN } from "@/lib/chain";
import { fmtInt, humanize } from "@/lib/format";

const HEIGHT = 560;

interface Picked {
  person: string;
  isCase: boolean;
  incoming: number[];
  outgoing: number[];
}

export function ChainGraph({ chain }: { chain: ChainView }) {
  const box = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);
  const n = chain.people.length;
  const m = chain.source.length;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Phase marks (ms since navigation): hydration done, graph built; the first frame follows (drawnMs).
    el.dataset.effectMs = String(Math.round(performance.now()));
    const width = el.clientWidth || 960;
    const { shown, elements, contactsOf, size } = chainDrawing(chain, width, HEIGHT);
    const large = shown.length > LARGE_CHAIN;
    const cy: Core = cytoscape({
      container: el,
      elements,
      layout: { name: "preset", fit: false },
      zoom: 1,
      pan: { x: 0, y: 0 },
      minZoom: 0.5,
      maxZoom: 60,
      boxSelectionEnabled: false,
      autoungrabify: true,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      motionBlur: false,
      pixelRatio: large ? 1 : "auto",
      style: [
        {
          selector: "node",
          style: {
            width: size,
            height: size,
            "background-color": "#4f6d8f",
            "border-width": 0,
            label: large ? "" : "data(label)",
            "font-size": 9,
            color: "#333",
            "text-valign": "bottom",
            "text-margin-y": 2,
            "min-zoomed-font-size": 6,
          },
        },
        { selector: "node.case", style: { "background-color": "#c0392b" } },
        { selector: "node.has-contacts", style: { "border-width": Math.max(0.6, size / 5), "border-color": "#4f6d8f" } },
        { selector: "node.root", style: { width: size * 2.5, height: size * 2.5, "background-color": "#111", "z-index": 10 } },
        { selector: "node.contact", style: { width: size * 0.7, height: size * 0.7, "background-color": "#4f6d8f", label: "" } },
        { selector: "node:selected", style: { "border-width": Math.max(1, size / 3), "border-color": "#e6a700" } },
        {
          selector: "edge",
          style: { width: large ? 0.4 : 1, "line-color": "#8c99a6", opacity: large ? 0.45 : 0.8, "curve-style": "haystack", "haystack-radius": 0 },
        },
      ],
    });
    el.dataset.builtMs = String(Math.round(performance.now()));
    el.dataset.drawnPeople = String(shown.length);
    // Where the queried case sits in the box (a test clicks it; a screen reader has the table).
    const root = cy.getElementById(`n${chain.root}`);
    if (root.nonempty()) {
      el.dataset.rootX = String(Math.round(root.renderedPosition().x));
      el.dataset.rootY = String(Math.round(root.renderedPosition().y));
    }
    // The first frame on screen: the e2e reads it (ms since navigation started), people see the counts.
    cy.one("render", () => {
      const ms = Math.round(performance.now());
      el.dataset.drawnMs = String(ms);
      setDrawnMs(ms);
    });
    const expanded = new Set<number>();
    cy.on("tap", "node", (e) => {
      const i = Number(e.target.id().slice(1));
      const incoming: number[] = [];
      const outgoing: number[] = [];
      for (let j = 0; j < m; j++) {
        if (chain.target[j] === i) incoming.push(j);
        if (chain.source[j] === i) outgoing.push(j);
      }
      setPicked({ person: chain.people[i]!, isCase: chain.isCase[i]!, incoming, outgoing });
      // A case's contacts, on a small ring around it: drawn on demand, once.
      const contacts = contactsOf.get(i);
      if (!contacts || expanded.has(i)) return;
      expanded.add(i);
      const at = e.target.position();
      const r = size * 3;
      cy.add(
        contacts.flatMap((j, k) => {
          const t = chain.target[j]!;
          const a = (2 * Math.PI * k) / contacts.length;
          return [
            {
              group: "nodes" as const,
              data: { id: `n${t}`, label: chain.people[t] },
              position: { x: at.x + r * Math.cos(a), y: at.y + r * Math.sin(a) },
              classes: "contact",
            },
            { group: "edges" as const, data: { id: `e${j}`, source: `n${i}`, target: `n${t}` } },
          ];
        }),
      );
      el.dataset.drawnPeople = String(cy.nodes().length);
    });
    cy.on("tap", (e) => {
      if (e.target === cy) setPicked(null);
    });
    return () => cy.destroy();
  }, [chain, m]);

  return (
    <div className="chain-graph">
      <div
        ref={box}
        className="chain-canvas"
        style={{ height: HEIGHT }}
        role="img"
        aria-label={`Transmission chain of ${fmtInt(n)} people and ${fmtInt(m)} links, earliest on the left; the table below lists every link.`}
        data-testid="chain-graph"
        data-people={n}
        data-links={m}
      />
      <div className="chain-legend" aria-hidden="true">
        <span>
          <i className="dot root" /> queried case
        </span>
        <span>
          <i className="dot case" /> case
        </span>
        <span>
          <i className="dot contact" /> contact
        </span>
        <span className="muted">
          Left to right: days from the first exposure. Scroll to zoom, drag to pan, click a person for their links
          {n > LARGE_CHAIN ? "; a ringed case has contacts, drawn when you click it (all are in the table below)" : ""}.
        </span>
        {drawnMs !== null && (
          <span className="muted" data-testid="chain-drawn">
            drawn {fmtInt(drawnMs)} ms after the page was asked for
          </span>
        )}
      </div>
      {picked && (
        <div className="chain-picked" role="status" data-testid="chain-picked">
          <strong>{picked.person}</strong> — {picked.isCase ? "case" : "contact"}; infected by{" "}
          {picked.incoming.length
            ? picked.incoming.map((j) => `${chain.people[chain.source[j]!]} (${chain.day[j]}, ${humanize(chain.exposure[j]!)})`).join(", ")
            : "nobody recorded"}
          ; {fmtInt(picked.outgoing.length)} onward link{picked.outgoing.length === 1 ? "" : "s"}
          {picked.outgoing.length > 0 && `, follow-up: ${summarise(picked.outgoing.map((j) => chain.followUp[j]!))}`}.
        </div>
      )}
    </div>
  );
}

function summarise(statuses: string[]): string {
  const count = new Map<string, number>();
  for (const s of statuses) count.set(s, (count.get(s) ?? 0) + 1);
  return [...count]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([s, c]) => `${fmtInt(c)} ${humanize(s).toLowerCase()}`)
    .join(", ");
}
