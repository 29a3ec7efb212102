"use client";

import { Layer, Rectangle, ResponsiveContainer, Sankey, Tooltip } from "recharts";
import type { CharityBooksQuery } from "@/lib/gql/graphql";

type Books = CharityBooksQuery["charityBalances"];

/** Where one item went: charity → recipient (countersigned), → in transit (allocated, not yet delivered), → in stock. */
export function CharitySankey({ books, item }: { books: Books; item: string }) {
  const names: string[] = [];
  const node = (name: string) => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return i;
  };
  const links: { source: number; target: number; value: number }[] = [];
  for (const b of books.balances.filter((x) => x.item === item)) {
    const from = node(b.charityName ?? b.charity);
    for (const l of books.links.filter((x) => x.kind === "DELIVERY" && x.charity === b.charity && x.item === item)) {
      const name = books.recipients.find((r) => r.recipient === l.recipient)?.recipientName ?? l.recipient;
      links.push({ source: from, target: node(name), value: Number(l.quantity) });
    }
    if (Number(b.inTransit) > 0) links.push({ source: from, target: node("In transit (allocated, not countersigned)"), value: Number(b.inTransit) });
    if (Number(b.inStock) > 0) links.push({ source: from, target: node("In stock (not allocated)"), value: Number(b.inStock) });
  }
  if (!links.length) return <p className="muted">No flows of {item} yet.</p>;
  return (
    <div className="sankey" data-testid="sankey" style={{ width: "100%", height: 420 }}>
      <ResponsiveContainer>
        <Sankey
          data={{ nodes: names.map((name) => ({ name })), links }}
          nodePadding={18}
          margin={{ top: 10, right: 340, bottom: 10, left: 10 }}
          link={{ stroke: "#94a3b8" }}
          node={SankeyNode}
        >
          <Tooltip />
        </Sankey>
      </ResponsiveContainer>
    </div>
  );
}

/** A node with its name beside it (recharts draws bare rectangles). */
function SankeyNode(props: { x: number; y: number; width: number; height: number; payload: { name: string; value: number } }) {
  const { x, y, width, height, payload } = props;
  return (
    <Layer>
      <Rectangle x={x} y={y} width={width} height={height} fill="#2563eb" fillOpacity={0.9} />
      <text x={x + width + 6} y={y + height / 2} dy="0.35em" fontSize={12} fill="#0f172a">
        {payload.name} · {payload.value.toLocaleString("en")}
      </text>
    </Layer>
  );
}
