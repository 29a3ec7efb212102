import { addDays, formatDay, today as utcToday } from "@vigil/calendar";
import { createRng } from "@vigil/analytics";
import type { Database, Department } from "@vigil/db";
import type { Viewer } from "../../../access/viewer.ts";
import type { NewDepartment } from "../../infrastructure/service.ts";
import type { PublicTrustService } from "./service.ts";

/** Demo accounts of the public-trust departments (same demo password as the others). */
export const PUBLIC_TRUST_USERS = [
  { email: "media@vigil.example", name: "Mei Lin", role: "DEPARTMENT_OFFICER", departmentCode: "MEDIA-RL" },
  { email: "redcross@vigil.example", name: "Jonas Weber", role: "DEPARTMENT_OFFICER", departmentCode: "RC-RL" },
  { email: "federation@vigil.example", name: "Aiko Tanaka", role: "DEPARTMENT_OFFICER", departmentCode: "CF-RL" },
  { email: "relief@vigil.example", name: "Omar Haddad", role: "DEPARTMENT_OFFICER", departmentCode: "RF-RL" },
] as const;

/** Two more charities beside the scenario's Red Cross: the demo has three sets of books. */
const EXTRA_CHARITIES = [
  { code: "CF-RL", name: "Riverland Charity Federation", kind: "CHARITY", regionCode: "RL" },
  { code: "RF-RL", name: "Riverland Relief Foundation", kind: "CHARITY", regionCode: "RL" },
] as const;

const N95 = { item: "N95 respirator", unit: "pieces", standard: "GB 19083-2010" };
const KN95 = { item: "N95 respirator", unit: "pieces", standard: "GB 2626-2019" };
const SURGICAL = { item: "Surgical mask", unit: "pieces", standard: "YY 0469-2011" };
const SUITS = { item: "Protective suit", unit: "pieces", standard: "GB 19082-2009" };
const MONEY = { item: "CNY", unit: "CNY", standard: null };

/** The department acting as its own node (the seed signs with the department key, as its officer would). */
const actingAs = (d: Department): Viewer => ({
  id: 0,
  email: `node@${d.code.toLowerCase()}`,
  role: "DEPARTMENT_OFFICER",
  departmentId: d.id,
  departmentCode: d.code,
  regionCode: d.regionCode,
});

const STATEMENTS: { by: string; category: string; title: string; text: string; verdict?: "FALSE" | "MISLEADING" | "CONFIRMED" | "UNVERIFIED" }[] = [
  {
    by: "HC",
    category: "official-notice",
    title: "Fever clinics open around the clock",
    text: "All designated fever clinics in Riverland are open 24 hours a day from today.",
  },
  {
    by: "CDC",
    category: "health-advice",
    title: "Masks and hand hygiene",
    text: "Wear a medical mask in crowded indoor places and wash hands for at least 20 seconds.",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: hot water kills the virus",
    text: "A message circulating says drinking hot water every 15 minutes kills the virus.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: high-proof liquor protects",
    text: "Posts claim that drinking high-proof liquor protects against infection.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: the city will be sealed tonight",
    text: "A forwarded message says all roads out of Harbor City close at midnight.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: pets spread the disease",
    text: "Neighbourhood groups report that cats and dogs spread the disease to owners.",
    verdict: "MISLEADING",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: masks can be reused after steaming",
    text: "A video shows steaming N95 masks to reuse them safely.",
    verdict: "MISLEADING",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: vinegar fumigation disinfects homes",
    text: "Messages advise boiling vinegar indoors to disinfect the air.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: the Red Cross sells donated masks",
    text: "A post says donated masks are being resold at pharmacies.",
    verdict: "UNVERIFIED",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: Lantern Hill hospital has no masks left",
    text: "Staff at Lantern Hill People's Hospital say they ran out of N95 masks.",
    verdict: "CONFIRMED",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: antibiotics prevent infection",
    text: "Chats recommend taking antibiotics as a precaution.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: sesame oil under the nose blocks the virus",
    text: "A message says dabbing sesame oil under the nose blocks infection.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "news",
    title: "Donated masks reach three hospitals",
    text: "Riverland Red Cross reports shipments of N95 masks to three district hospitals this week.",
  },
  { by: "MEDIA", category: "news", title: "Testing capacity doubles", text: "Laboratories in Riverland now run 8,000 tests a day." },
  {
    by: "CDC",
    category: "health-advice",
    title: "Who should get tested",
    text: "Anyone with fever and a cough who visited an affected district in the last 14 days should get tested.",
  },
  {
    by: "CDC",
    category: "health-advice",
    title: "Home isolation guidance",
    text: "Isolate in a separate, well-ventilated room and use a separate bathroom where possible.",
  },
  {
    by: "CDC",
    category: "situation-report",
    title: "Daily situation report",
    text: "Confirmed cases rose in Old Quay; detection thresholds were exceeded in two districts.",
  },
  {
    by: "HC",
    category: "official-notice",
    title: "Public transport runs on a reduced timetable",
    text: "Buses and ferries run every 30 minutes between 06:00 and 22:00.",
  },
  {
    by: "HC",
    category: "official-notice",
    title: "Donation hotline",
    text: "Donations of protective equipment are coordinated by Riverland Red Cross: call 12345.",
  },
  { by: "HC", category: "official-notice", title: "Schools move classes online", text: "Primary and secondary schools teach online until further notice." },
  {
    by: "CDC",
    category: "situation-report",
    title: "Weekly epidemiological update",
    text: "The effective reproduction number fell below 1.2 in the provincial capital.",
  },
  {
    by: "MEDIA",
    category: "news",
    title: "Volunteers deliver groceries to the elderly",
    text: "Neighbourhood volunteers deliver food to 1,200 elderly residents each day.",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: 5G towers spread the virus",
    text: "Posts claim the outbreak follows the rollout of 5G towers.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: garlic cures the infection",
    text: "Messages say eating raw garlic cures the infection within days.",
    verdict: "FALSE",
  },
  {
    by: "MEDIA",
    category: "rumour",
    title: "Claim: thermal scanners detect all cases",
    text: "A report says thermal scanners at stations catch every infected traveller.",
    verdict: "MISLEADING",
  },
  {
    by: "HOSP",
    category: "hospital-notice",
    title: "Visiting hours suspended",
    text: "Visits to inpatients are suspended; video calls are available at the ward desk.",
  },
  {
    by: "HOSP",
    category: "hospital-notice",
    title: "We need N95 respirators",
    text: "Our intensive care staff need 20,000 N95 respirators of medical standard GB 19083-2010.",
  },
  { by: "CDC", category: "health-advice", title: "Cleaning surfaces", text: "Clean often-touched surfaces daily with 500 mg/L chlorine disinfectant." },
  { by: "MEDIA", category: "rumour", title: "Claim: children cannot be infected", text: "Posts claim children are immune to the disease.", verdict: "FALSE" },
  {
    by: "HC",
    category: "official-notice",
    title: "Price controls on masks",
    text: "Pharmacies may not raise the price of masks above the pre-outbreak price.",
  },
];

/**
 * The public-trust demo through the real service: three charities' books (500 donations of money and goods,
 * allocations, shipments and countersigned deliveries to the demo hospitals, with one diversion and one
 * unconfirmed delivery), hospitals' needs, and 30 public statements, several fact-checked FALSE.
 * Batched writes (one transaction per step kind and actor), so it adds seconds, not minutes, to the first start.
 */
export async function seedPublicTrust(db: Database, registerDepartments: (d: NewDepartment[]) => Promise<void>, service: PublicTrustService, seed = 16) {
  // Through the infrastructure layer: a department exists only with its key registered on the log.
  const existing = new Set((await db.prisma.department.findMany({ select: { code: true } })).map((d) => d.code));
  await registerDepartments(EXTRA_CHARITIES.filter((d) => !existing.has(d.code)).map((d) => ({ ...d })));
  const departments = new Map((await db.prisma.department.findMany()).map((d) => [d.code, d]));
  const dep = (code: string) => {
    const d = departments.get(code);
    if (!d) throw new Error(`demo: no department ${code}`);
    return d;
  };
  const hospitals = [...departments.values()].filter((d) => d.kind === "HOSPITAL").sort((a, b) => a.code.localeCompare(b.code));
  const charities = ["RC-RL", "CF-RL", "RF-RL"].map(dep);
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const today = utcToday();
  const day = (daysAgo: number) => addDays(today, -daysAgo);

  // Needs: every hospital asks for medical-grade N95s, surgical masks and suits.
  for (const [i, h] of hospitals.entries())
    await service.publishNeeds(actingAs(h), [
      { item: N95.item, unit: N95.unit, quantity: String(200_000 + 50_000 * i), standards: [N95.standard], day: day(40) },
      { item: SURGICAL.item, unit: SURGICAL.unit, quantity: String(400_000 + 50_000 * i), standards: [SURGICAL.standard], day: day(40) },
      { item: SUITS.item, unit: SUITS.unit, quantity: String(30_000 + 5_000 * i), standards: [SUITS.standard], day: day(40) },
    ]);

  // 500 donations: the Red Cross gets most goods (the masks story), the others more money.
  for (const [c, charity] of charities.entries()) {
    const n = c === 0 ? 240 : 130;
    const inputs = Array.from({ length: n }, (_, i) => {
      const goods = rng.next() < (c === 0 ? 0.7 : 0.4);
      // One civilian-grade (KN95) lot among the medical ones: shipped to a hospital, it is flagged below standard.
      const kind = c === 0 && i === 5 ? KN95 : goods ? pick([N95, N95, SURGICAL, SUITS]) : MONEY;
      const quantity =
        kind !== MONEY
          ? String(kind === SUITS ? 50 * (1 + Math.floor(rng.next() * 40)) : 500 * (1 + Math.floor(rng.next() * 60)))
          : (50 + Math.floor(rng.next() * 500000) / 100).toFixed(2);
      const named = rng.next() < 0.25;
      return {
        ...kind,
        quantity,
        batch: kind !== MONEY ? `B${(c + 1) * 1000 + i}` : null,
        donorName: named
          ? pick(["Harbor Shipping Co.", "Riverland Textile Works", "Copperdale Miners' Union", "Lantern Hill Rotary", "Saltreach Alumni Fund"])
          : null,
        // Private donors: only a commitment; the salt would go to the donor with the receipt.
        donorReference: named ? null : `donor-${c}-${i}`,
        day: day(30 - Math.floor((i / n) * 28)),
      };
    });
    const received = await service.recordDonations(actingAs(charity), inputs);

    // Allocate most of each donation to one hospital (medical goods to the hospitals that asked for them).
    const allocs = received
      .filter(() => rng.next() < 0.85)
      .map(({ row }) => ({
        receiptCode: row.code,
        recipientCode: pick(hospitals).code,
        quantity: ((Number(row.quantity) / 100) * (0.4 + 0.5 * rng.next())).toFixed(0),
        day: addDays(formatDay(row.day), 1),
      }))
      .filter((a) => Number(a.quantity) > 0);
    const allocated = await service.allocateDonations(actingAs(charity), allocs);
    // Ship most allocations in full; the demo's one diversion goes to the Red Cross's first shipment.
    const toShip = allocated.filter(() => rng.next() < 0.8);
    const shipped = await service.shipDonations(
      actingAs(charity),
      toShip.map((a, i) => ({
        allocationCode: a.code,
        destinationCode: c === 0 && i === 0 ? hospitals.find((h) => h.id !== a.recipientId)!.code : null,
        quantity: (Number(a.quantity) / 100).toFixed(0),
        day: addDays(formatDay(a.day), 1),
      })),
    );
    // Countersigned by each destination, except the recent ones still in transit and the demo's one unconfirmed delivery.
    const byDestination = new Map<number, typeof shipped>();
    shipped.forEach((s, i) => {
      const recent = formatDay(s.day) > day(4);
      const unconfirmed = c === 1 && i === 0;
      if (recent || unconfirmed) return;
      byDestination.set(s.recipientId!, [...(byDestination.get(s.recipientId!) ?? []), s]);
    });
    for (const [recipientId, list] of byDestination) {
      const h = [...departments.values()].find((d) => d.id === recipientId)!;
      await service.confirmDeliveries(
        actingAs(h),
        list.map((s) => ({ shipmentCode: s.code, quantity: (Number(s.quantity) / 100).toFixed(0), day: addDays(formatDay(s.day), 1) })),
      );
    }
  }

  // 30 public statements; the rumours are fact-checked by the provincial CDC or the health commission.
  const publisherOf = { HC: dep("HC-RL"), CDC: dep("CDC-RL"), MEDIA: dep("MEDIA-RL"), HOSP: hospitals[1]! };
  const published = new Map<string, number>();
  for (const [by, publisher] of Object.entries(publisherOf)) {
    const mine = STATEMENTS.map((s, i) => ({ s, i })).filter(({ s }) => s.by === by);
    const rows = await service.publishStatements(
      actingAs(publisher),
      mine.map(({ s, i }) => ({
        text: s.text,
        depositText: true,
        title: s.title,
        category: s.category,
        language: "en",
        sourceUrl: `https://news.riverland.example/${i + 1}`,
      })),
    );
    rows.forEach((row) => published.set(row.title, row.id));
  }
  const rated = STATEMENTS.filter((s) => s.verdict);
  for (const [k, checker] of [dep("HC-RL"), dep("CDC-RL")].entries())
    await service.factChecks(
      actingAs(checker),
      rated
        .filter((_, j) => j % 2 === k)
        .map((s) => ({
          statementId: published.get(s.title)!,
          verdict: s.verdict!,
          reasoning:
            s.verdict === "CONFIRMED"
              ? "Confirmed with the hospital's procurement office and its published need on the log."
              : s.verdict === "UNVERIFIED"
                ? "No evidence either way yet: the Red Cross's books on the log show no sale; inquiries continue."
                : "No clinical evidence supports this; see the WHO myth-busters and the provincial CDC's guidance.",
          evidence: ["https://www.who.int/emergencies/diseases/novel-coronavirus-2019/advice-for-public/myth-busters"],
        })),
    );
}
