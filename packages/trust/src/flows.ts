/**
 * Charity flows computed from the log alone: donation → allocation → shipment → delivery, each step naming the
 * step before it. The books per charity and item, what each recipient needed and received, and the anomalies
 * that IATI, 360Giving and Open Collective leave to the reader: over-allocation, over-shipment, over-delivery,
 * diversion (shipped to one place, countersigned by another), a delivery not confirmed in time, goods below the
 * standard the recipient asked for. Pure: the API and the browser recompute the same answer from the entries.
 */
import { dayDiff } from "@vigil/calendar";

export type FlowEvent =
  | {
      type: "donation";
      id: string;
      charity: string;
      /** Goods ("N95 respirator") or a currency code for money ("CNY"). */
      item: string;
      quantity: bigint;
      /** The goods' standard or certification, e.g. "GB 19083-2010"; null for money or unstated. */
      standard: string | null;
      day: string;
    }
  | { type: "allocation"; id: string; donation: string; recipient: string; quantity: bigint; day: string }
  | { type: "shipment"; id: string; allocation: string; destination: string; quantity: bigint; day: string }
  | { type: "delivery"; id: string; shipment: string; confirmedBy: string; quantity: bigint; day: string }
  | {
      type: "need";
      id: string;
      recipient: string;
      item: string;
      quantity: bigint;
      /** Standards the recipient accepts (any of them); empty = any. */
      standards: string[];
      day: string;
    };

export const ANOMALY_KINDS = [
  "over-allocation",
  "over-shipment",
  "over-delivery",
  "diversion",
  "unconfirmed-delivery",
  "below-standard",
  "unknown-step",
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  /** The step that breaks the rule (an allocation, shipment or delivery id). */
  step: string;
  /** The donation the step belongs to, when known. */
  donation: string | null;
  charity: string | null;
  message: string;
}

/** One line of a charity's books: received = allocated + inStock; allocated = delivered + inTransit. */
export interface BalanceLine {
  charity: string;
  item: string;
  received: bigint;
  allocated: bigint;
  shipped: bigint;
  delivered: bigint;
  inStock: bigint;
  inTransit: bigint;
}

export interface RecipientLine {
  recipient: string;
  item: string;
  needed: bigint;
  delivered: bigint;
}

export interface FlowPolicy {
  /** A shipment not countersigned this many days after it left is flagged. */
  confirmWithinDays: number;
  /** The day the books are read on (YYYY-MM-DD). */
  asOf: string;
}

export interface CharityBooks {
  balances: BalanceLine[];
  recipients: RecipientLine[];
  anomalies: Anomaly[];
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

/** The books and anomalies of a set of flow events (any order; steps are linked by id). */
export function charityBooks(events: readonly FlowEvent[], policy: FlowPolicy): CharityBooks {
  const donations = new Map<string, Extract<FlowEvent, { type: "donation" }>>();
  const allocations = new Map<string, Extract<FlowEvent, { type: "allocation" }>>();
  const shipments = new Map<string, Extract<FlowEvent, { type: "shipment" }>>();
  const deliveries: Extract<FlowEvent, { type: "delivery" }>[] = [];
  const needs: Extract<FlowEvent, { type: "need" }>[] = [];
  for (const e of events) {
    if (e.type === "donation") donations.set(e.id, e);
    else if (e.type === "allocation") allocations.set(e.id, e);
    else if (e.type === "shipment") shipments.set(e.id, e);
    else if (e.type === "delivery") deliveries.push(e);
    else needs.push(e);
  }
  const anomalies: Anomaly[] = [];
  const lines = new Map<string, BalanceLine>();
  const line = (charity: string, item: string) => {
    const k = key(charity, item);
    let l = lines.get(k);
    if (!l) lines.set(k, (l = { charity, item, received: 0n, allocated: 0n, shipped: 0n, delivered: 0n, inStock: 0n, inTransit: 0n }));
    return l;
  };
  const recipients = new Map<string, RecipientLine>();
  const recipientLine = (recipient: string, item: string) => {
    const k = key(recipient, item);
    let l = recipients.get(k);
    if (!l) recipients.set(k, (l = { recipient, item, needed: 0n, delivered: 0n }));
    return l;
  };
  const flag = (kind: AnomalyKind, step: string, donation: Extract<FlowEvent, { type: "donation" }> | undefined, message: string) =>
    anomalies.push({ kind, step, donation: donation?.id ?? null, charity: donation?.charity ?? null, message });

  for (const d of donations.values()) line(d.charity, d.item).received += d.quantity;
  for (const n of needs) recipientLine(n.recipient, n.item).needed += n.quantity;

  // Per donation: its allocations may not exceed it.
  const allocatedOf = new Map<string, bigint>();
  for (const a of allocations.values()) {
    const d = donations.get(a.donation);
    if (!d) {
      flag("unknown-step", a.id, undefined, `allocation ${a.id} names donation ${a.donation}, which is not on the log`);
      continue;
    }
    line(d.charity, d.item).allocated += a.quantity;
    const total = (allocatedOf.get(d.id) ?? 0n) + a.quantity;
    allocatedOf.set(d.id, total);
    if (total > d.quantity) flag("over-allocation", a.id, d, `donation ${d.id} is allocated beyond what it received`);
  }
  // Per allocation: its shipments may not exceed it, and go where it was allocated.
  const shippedOf = new Map<string, bigint>();
  const required = new Map<string, Set<string>>();
  for (const n of needs) {
    if (!n.standards.length) continue;
    const k = key(n.recipient, n.item);
    const s = required.get(k) ?? new Set<string>();
    for (const x of n.standards) s.add(x);
    required.set(k, s);
  }
  for (const s of shipments.values()) {
    const a = allocations.get(s.allocation);
    const d = a && donations.get(a.donation);
    if (!a || !d) {
      flag("unknown-step", s.id, d, `shipment ${s.id} names allocation ${s.allocation}, which is not on the log or has no donation`);
      continue;
    }
    line(d.charity, d.item).shipped += s.quantity;
    const total = (shippedOf.get(a.id) ?? 0n) + s.quantity;
    shippedOf.set(a.id, total);
    if (total > a.quantity) flag("over-shipment", s.id, d, `allocation ${a.id} is shipped beyond what was allocated`);
    if (s.destination !== a.recipient) flag("diversion", s.id, d, `allocated to ${a.recipient} but shipped to ${s.destination}`);
    const accepted = required.get(key(s.destination, d.item));
    if (accepted && !(d.standard && accepted.has(d.standard)))
      flag("below-standard", s.id, d, `${s.destination} requires ${[...accepted].join(" or ")}; this is ${d.standard ?? "of no stated standard"}`);
  }
  // Per shipment: deliveries may not exceed it, and are countersigned by its destination.
  const deliveredOf = new Map<string, bigint>();
  for (const v of deliveries) {
    const s = shipments.get(v.shipment);
    const a = s && allocations.get(s.allocation);
    const d = a && donations.get(a.donation);
    if (!s || !a || !d) {
      flag("unknown-step", v.id, d, `delivery ${v.id} names shipment ${v.shipment}, which is not on the log`);
      continue;
    }
    line(d.charity, d.item).delivered += v.quantity;
    recipientLine(v.confirmedBy, d.item).delivered += v.quantity;
    const total = (deliveredOf.get(s.id) ?? 0n) + v.quantity;
    deliveredOf.set(s.id, total);
    if (total > s.quantity) flag("over-delivery", v.id, d, `shipment ${s.id} is confirmed beyond what was shipped`);
    if (v.confirmedBy !== s.destination) flag("diversion", v.id, d, `shipped to ${s.destination} but countersigned by ${v.confirmedBy}`);
  }
  for (const s of shipments.values()) {
    if (deliveredOf.has(s.id)) continue;
    const a = allocations.get(s.allocation);
    const d = a && donations.get(a.donation);
    if (!d) continue;
    if (dayDiff(s.day, policy.asOf) > policy.confirmWithinDays)
      flag("unconfirmed-delivery", s.id, d, `shipped to ${s.destination} on ${s.day}, not countersigned within ${policy.confirmWithinDays} days`);
  }
  for (const l of lines.values()) {
    l.inStock = l.received - l.allocated;
    l.inTransit = l.allocated - l.delivered;
  }
  const byKey =
    <T>(f: (x: T) => string) =>
    (x: T, y: T) =>
      f(x) < f(y) ? -1 : f(x) > f(y) ? 1 : 0;
  return {
    balances: [...lines.values()].sort(byKey((l) => key(l.charity, l.item))),
    recipients: [...recipients.values()].sort(byKey((l) => key(l.recipient, l.item))),
    anomalies,
  };
}

/** One donation's path, in order: the donation, its allocations, their shipments, their deliveries. */
export function donationPath(events: readonly FlowEvent[], donationId: string): FlowEvent[] {
  const out: FlowEvent[] = [];
  const d = events.find((e) => e.type === "donation" && e.id === donationId);
  if (!d) return out;
  out.push(d);
  const allocs = new Set(events.filter((e) => e.type === "allocation" && e.donation === donationId).map((e) => e.id));
  const ships = new Set(events.filter((e) => e.type === "shipment" && allocs.has(e.allocation)).map((e) => e.id));
  for (const e of events) if (e.type === "allocation" && allocs.has(e.id)) out.push(e);
  for (const e of events) if (e.type === "shipment" && ships.has(e.id)) out.push(e);
  for (const e of events) if (e.type === "delivery" && ships.has(e.shipment)) out.push(e);
  return out;
}
