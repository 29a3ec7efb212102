import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { charityBooks, donationPath, formatAmount, iatiActivities, parseAmount, type FlowEvent } from "../src/index.ts";

const HOSPITALS = ["HOSP-A", "HOSP-B", "HOSP-C"];
const CHARITIES = ["RC", "FUND", "SHELTER"];
const ITEMS = ["N95 respirator", "CNY"];
const POLICY = { confirmWithinDays: 7, asOf: "2020-02-10" };

/**
 * A random honest flow: donations, allocations within each donation, shipments within each allocation to its
 * recipient, deliveries within each shipment countersigned by its destination, all recent enough. Injected
 * faults (over-allocation, diversion at shipment or at countersignature) are recorded beside it.
 */
const flows = fc
  .record({
    donations: fc.array(
      fc.record({
        charity: fc.constantFrom(...CHARITIES),
        item: fc.constantFrom(...ITEMS),
        quantity: fc.bigInt({ min: 1n, max: 10_000_00n }),
        allocations: fc.array(
          fc.record({
            recipient: fc.constantFrom(...HOSPITALS),
            share: fc.integer({ min: 1, max: 100 }),
            shipped: fc.integer({ min: 0, max: 100 }),
            delivered: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    faults: fc.array(fc.record({ kind: fc.constantFrom("over-allocation", "divert-shipment", "divert-delivery"), at: fc.nat() }), { maxLength: 3 }),
  })
  .map(({ donations, faults }) => {
    const events: FlowEvent[] = [];
    const honestTotals = new Map<string, { received: bigint; allocated: bigint; delivered: bigint }>();
    const shipments: Extract<FlowEvent, { type: "shipment" }>[] = [];
    const deliveries: Extract<FlowEvent, { type: "delivery" }>[] = [];
    donations.forEach((d, i) => {
      const id = `D${i}`;
      events.push({ type: "donation", id, charity: d.charity, item: d.item, quantity: d.quantity, standard: null, day: "2020-02-01" });
      const t = honestTotals.get(`${d.charity}|${d.item}`) ?? { received: 0n, allocated: 0n, delivered: 0n };
      t.received += d.quantity;
      // Shares of at most 100 % in total: a fraction of what is left.
      let left = d.quantity;
      d.allocations.forEach((a, j) => {
        const q = (left * BigInt(a.share)) / 100n;
        if (q === 0n) return;
        left -= q;
        const aid = `${id}A${j}`;
        events.push({ type: "allocation", id: aid, donation: id, recipient: a.recipient, quantity: q, day: "2020-02-02" });
        t.allocated += q;
        const sq = (q * BigInt(a.shipped)) / 100n;
        if (sq === 0n) return;
        const s = { type: "shipment" as const, id: `${aid}S`, allocation: aid, destination: a.recipient, quantity: sq, day: "2020-02-05" };
        shipments.push(s);
        const dq = (sq * BigInt(a.delivered)) / 100n;
        if (dq > 0n) {
          const v = { type: "delivery" as const, id: `${aid}V`, shipment: s.id, confirmedBy: a.recipient, quantity: dq, day: "2020-02-06" };
          deliveries.push(v);
          t.delivered += dq;
        } else s.day = "2020-02-09"; // not yet due for countersignature
      });
      honestTotals.set(`${d.charity}|${d.item}`, t);
    });
    const injected: { kind: string; step: string }[] = [];
    for (const f of faults) {
      if (f.kind === "over-allocation") {
        const d = events.filter((e): e is Extract<FlowEvent, { type: "donation" }> => e.type === "donation")[f.at % donations.length]!;
        const step = `X${injected.length}`;
        events.push({ type: "allocation", id: step, donation: d.id, recipient: "HOSP-A", quantity: d.quantity + 1n, day: "2020-02-03" });
        injected.push({ kind: "over-allocation", step });
      } else if (f.kind === "divert-shipment" && shipments.length) {
        const s = shipments[f.at % shipments.length]!;
        if (injected.some((x) => x.step === s.id)) continue;
        s.destination = `${s.destination}-ELSEWHERE`;
        injected.push({ kind: "diversion", step: s.id });
        // Its deliveries are countersigned where it went (one already diverted stays diverted).
        for (const v of deliveries) if (v.shipment === s.id && !injected.some((x) => x.step === v.id)) v.confirmedBy = s.destination;
      } else if (f.kind === "divert-delivery" && deliveries.length) {
        const v = deliveries[f.at % deliveries.length]!;
        if (injected.some((x) => x.step === v.id)) continue;
        v.confirmedBy = "HOSP-OTHER";
        injected.push({ kind: "diversion", step: v.id });
      }
    }
    return { events: [...events, ...shipments, ...deliveries], honestTotals, injected };
  });

describe("charity books", () => {
  it("property: conservation holds exactly when nothing is flagged, and every injected fault is flagged", () => {
    fc.assert(
      fc.property(flows, ({ events, honestTotals, injected }) => {
        const books = charityBooks(events, POLICY);
        for (const fault of injected)
          expect(
            books.anomalies.some((a) => a.kind === fault.kind && a.step === fault.step),
            JSON.stringify(fault),
          ).toBe(true);
        if (books.anomalies.length === 0) {
          expect(injected).toEqual([]);
          for (const l of books.balances) {
            const t = honestTotals.get(`${l.charity}|${l.item}`)!;
            // The identities, exactly, and against totals counted while the flow was generated.
            expect(l.received).toBe(l.allocated + l.inStock);
            expect(l.allocated).toBe(l.delivered + l.inTransit);
            expect(l.inStock >= 0n && l.inTransit >= 0n && l.shipped <= l.allocated && l.delivered <= l.shipped).toBe(true);
            expect([l.received, l.allocated, l.delivered]).toEqual([t.received, t.allocated, t.delivered]);
          }
          const delivered = books.recipients.reduce((s, r) => s + r.delivered, 0n);
          expect(delivered).toBe(books.balances.reduce((s, l) => s + l.delivered, 0n));
        }
      }),
      { numRuns: 300 },
    );
  });

  const base: FlowEvent[] = [
    { type: "donation", id: "D1", charity: "RC", item: "N95 respirator", quantity: parseAmount("1000"), standard: "GB/T 32610-2016", day: "2020-02-01" },
    { type: "need", id: "N1", recipient: "HOSP-A", item: "N95 respirator", quantity: parseAmount("5000"), standards: ["GB 19083-2010"], day: "2020-01-30" },
    { type: "allocation", id: "A1", donation: "D1", recipient: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-02" },
    { type: "shipment", id: "S1", allocation: "A1", destination: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-01" },
  ];

  it("flags an unconfirmed delivery after the policy's days, and goods below the recipient's standard", () => {
    const books = charityBooks(base, POLICY);
    expect(books.anomalies.map((a) => [a.kind, a.step])).toEqual([
      ["below-standard", "S1"],
      ["unconfirmed-delivery", "S1"],
    ]);
    expect(books.balances).toEqual([
      {
        charity: "RC",
        item: "N95 respirator",
        received: 100000n,
        allocated: 60000n,
        shipped: 60000n,
        delivered: 0n,
        inStock: 40000n,
        inTransit: 60000n,
      },
    ]);
    expect(books.recipients).toEqual([{ recipient: "HOSP-A", item: "N95 respirator", needed: 500000n, delivered: 0n }]);
    // Countersigned in time: no longer flagged as unconfirmed.
    const confirmed = charityBooks(
      [...base, { type: "delivery", id: "V1", shipment: "S1", confirmedBy: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-03" }],
      POLICY,
    );
    expect(confirmed.anomalies.map((a) => a.kind)).toEqual(["below-standard"]);
    expect(confirmed.recipients[0]!.delivered).toBe(60000n);
    expect(donationPath([...base], "D1").map((e) => e.id)).toEqual(["D1", "A1", "S1"]);
  });

  it("flags steps naming no earlier step, over-shipment and over-delivery", () => {
    const books = charityBooks(
      [
        ...base.filter((e) => e.type !== "need"),
        { type: "shipment", id: "S2", allocation: "A1", destination: "HOSP-A", quantity: parseAmount("1"), day: "2020-02-09" },
        { type: "delivery", id: "V1", shipment: "S1", confirmedBy: "HOSP-A", quantity: parseAmount("601"), day: "2020-02-03" },
        { type: "allocation", id: "A9", donation: "D404", recipient: "HOSP-A", quantity: 1n, day: "2020-02-02" },
      ],
      POLICY,
    );
    expect(books.anomalies.map((a) => [a.kind, a.step])).toEqual([
      ["unknown-step", "A9"],
      ["over-shipment", "S2"],
      ["over-delivery", "V1"],
    ]);
  });

  it("parses and formats decimal amounts exactly", () => {
    expect(parseAmount("0.1") + parseAmount("0.2")).toBe(parseAmount("0.3"));
    expect(formatAmount(parseAmount("1234.5"))).toBe("1234.50");
    expect(formatAmount(-5n)).toBe("-0.05");
    for (const bad of ["-1", "1e3", "1.234", "01", "", " 1", "1.", "NaN"]) expect(() => parseAmount(bad), bad).toThrow(RangeError);
  });
});

describe("IATI export", () => {
  it("maps each step to its IATI transaction type, with provider and receiver, and money values only for money", () => {
    const events: FlowEvent[] = [
      { type: "donation", id: "D1", charity: "RC", item: "CNY", quantity: parseAmount("1000.50"), standard: null, day: "2020-02-01" },
      { type: "allocation", id: "A1", donation: "D1", recipient: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-02" },
      { type: "shipment", id: "S1", allocation: "A1", destination: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-03" },
      { type: "delivery", id: "V1", shipment: "S1", confirmedBy: "HOSP-A", quantity: parseAmount("600"), day: "2020-02-04" },
      { type: "donation", id: "D2", charity: "RC", item: "N95 respirator", quantity: parseAmount("500"), standard: "GB 19083-2010", day: "2020-02-01" },
    ];
    const out = iatiActivities(events)["iati-activities"];
    expect(out.version).toBe("2.03");
    const [rc] = out["iati-activity"];
    expect(rc!["iati-identifier"]).toBe("XM-VIGIL-RC");
    expect(rc!.transaction.map((t) => [t.ref, t["transaction-type"].code, t["provider-org"].ref, t["receiver-org"].ref, t.value?.amount ?? null])).toEqual([
      ["D1", "1", "anonymous", "RC", "1000.50"],
      ["A1", "2", "RC", "HOSP-A", "600.00"],
      ["S1", "3", "RC", "HOSP-A", "600.00"],
      ["V1", "4", "RC", "HOSP-A", "600.00"],
      ["D2", "1", "anonymous", "RC", null],
    ]);
    expect(rc!.transaction[4]!.description.narrative).toBe("donation of donation D2: 500.00 N95 respirator (GB 19083-2010)");
  });
});
