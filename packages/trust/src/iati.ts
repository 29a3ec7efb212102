/**
 * Charity flows in IATI form (IATI Activity Standard 2.03, its JSON rendering of `iati-activities`): one activity per
 * charity, one transaction per step, with the standard's transaction-type codes — donation 1 Incoming Funds,
 * allocation 2 Outgoing Commitment, shipment 3 Disbursement, countersigned delivery 4 Expenditure (by the receiver) —
 * and, unlike most IATI publishers, the provider and receiver of every transaction filled in. Goods carry no money
 * value: they are exported with their quantity, unit and standard in the transaction's description (IATI has no
 * in-kind quantity field), and `value` only for money.
 */
import { formatAmount } from "./amount.ts";
import type { FlowEvent } from "./flows.ts";

export const IATI_TRANSACTION_TYPE = { donation: "1", allocation: "2", shipment: "3", delivery: "4" } as const;

export interface IatiTransaction {
  ref: string;
  "transaction-type": { code: string };
  "transaction-date": { "iso-date": string };
  value?: { currency: string; "value-date": string; amount: string };
  description: { narrative: string };
  "provider-org": { ref: string };
  "receiver-org": { ref: string };
}

export interface IatiActivity {
  "iati-identifier": string;
  "reporting-org": { ref: string; type: "21" };
  title: { narrative: string };
  transaction: IatiTransaction[];
}

/** `isMoney(item)`: the item is a currency (an ISO 4217 code such as CNY). Donors are "anonymous" providers. */
export function iatiActivities(events: readonly FlowEvent[], prefix = "XM-VIGIL", isMoney = (item: string) => /^[A-Z]{3}$/.test(item)) {
  const donations = new Map<string, Extract<FlowEvent, { type: "donation" }>>();
  const allocations = new Map<string, Extract<FlowEvent, { type: "allocation" }>>();
  const shipments = new Map<string, Extract<FlowEvent, { type: "shipment" }>>();
  for (const e of events) {
    if (e.type === "donation") donations.set(e.id, e);
    else if (e.type === "allocation") allocations.set(e.id, e);
    else if (e.type === "shipment") shipments.set(e.id, e);
  }
  const activities = new Map<string, IatiActivity>();
  const activity = (charity: string) => {
    let a = activities.get(charity);
    if (!a)
      activities.set(
        charity,
        (a = {
          "iati-identifier": `${prefix}-${charity}`,
          "reporting-org": { ref: `${prefix}-${charity}`, type: "21" },
          title: { narrative: `Donations received by ${charity}` },
          transaction: [],
        }),
      );
    return a;
  };
  const tx = (
    d: Extract<FlowEvent, { type: "donation" }>,
    e: FlowEvent & { quantity: bigint; day: string; id: string },
    type: keyof typeof IATI_TRANSACTION_TYPE,
    provider: string,
    receiver: string,
  ): IatiTransaction => ({
    ref: e.id,
    "transaction-type": { code: IATI_TRANSACTION_TYPE[type] },
    "transaction-date": { "iso-date": e.day },
    ...(isMoney(d.item) && { value: { currency: d.item, "value-date": e.day, amount: formatAmount(e.quantity) } }),
    description: {
      narrative: isMoney(d.item)
        ? `${type} of donation ${d.id}`
        : `${type} of donation ${d.id}: ${formatAmount(e.quantity)} ${d.item}${d.standard ? ` (${d.standard})` : ""}`,
    },
    "provider-org": { ref: provider },
    "receiver-org": { ref: receiver },
  });
  for (const e of events) {
    if (e.type === "donation") activity(e.charity).transaction.push(tx(e, e, "donation", "anonymous", e.charity));
    else if (e.type === "allocation") {
      const d = donations.get(e.donation);
      if (d) activity(d.charity).transaction.push(tx(d, e, "allocation", d.charity, e.recipient));
    } else if (e.type === "shipment") {
      const a = allocations.get(e.allocation);
      const d = a && donations.get(a.donation);
      if (d) activity(d.charity).transaction.push(tx(d, e, "shipment", d.charity, e.destination));
    } else if (e.type === "delivery") {
      const s = shipments.get(e.shipment);
      const a = s && allocations.get(s.allocation);
      const d = a && donations.get(a.donation);
      if (d) activity(d.charity).transaction.push(tx(d, e, "delivery", d.charity, e.confirmedBy));
    }
  }
  return { "iati-activities": { version: "2.03", "iati-activity": [...activities.values()] } };
}
