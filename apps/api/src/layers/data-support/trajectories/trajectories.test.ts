import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latLngToCell } from "h3-js";
import { addDays, parseDay } from "@vigil/calendar";
import { buildDemoScenario } from "@vigil/scenario";
import { generateMobility, type Mobility, placeKey, visitsCommitment } from "@vigil/contacts";
import { auditLog } from "../../../log/audit.ts";
import { BACKENDS, snapshot, startVigil, type Running } from "../../../../test/harness.ts";

const CONTACTS = `query($c: String!, $b: String!, $d: Int, $f: DateTimeISO, $t: DateTimeISO, $m: Int) {
  closeContacts(casePseudonym: $c, legalBasis: $b, depth: $d, from: $f, to: $t, minOverlapMinutes: $m) {
    from to depth entryIndex resultHash policy { key version hash } contacts { pseudonym depth via totalMinutes encounters places } } }`;
const SUBMIT = `mutation($i: [VisitInput!]!) { submitVisits(inputs: $i) { id count hash entryIndex } }`;
const LINK = `mutation($i: TransmissionLinkInput!) { recordTransmissionLink(input: $i) { source target version current followUp entryIndex } }`;
const CHAIN = `query($c: String!, $b: String!) { transmissionChain(casePseudonym: $c, legalBasis: $b) { clusters entryIndex nodes { pseudonym x y isCase } links { source target version } } }`;
const BASIS = "Infectious Disease Control Act art. 31 (contact tracing order 2026-117)";

const bodyOf = async (r: Running, index: number) => {
  const e = await r.vigil.db.prisma.logEntry.findUniqueOrThrow({ where: { index: BigInt(index) } });
  return { kind: e.kind, ...(JSON.parse(new TextDecoder().decode(e.payload)) as { department: string; body: Record<string, any> }) };
};

describe.each(BACKENDS)("trajectories on %s", (backend) => {
  let r: Running;
  let security: string, officer: string, cdc: string, auditor: string, admin: string;
  let mob: Mobility;
  beforeAll(async () => {
    r = await startVigil(backend);
    [security, officer, cdc, auditor, admin] = await Promise.all(["security", "officer", "cdc", "auditor", "admin"].map((u) => r.login(`${u}@vigil.example`)));
    // The same generator and arguments the seed used (harness size): the planted chain is known.
    const districts = (await r.vigil.db.prisma.region.findMany({ where: { level: "DISTRICT" }, orderBy: { code: "asc" } })).map((x) => x.code);
    const end = buildDemoScenario().endDate;
    mob = generateMobility({ people: 300, days: 10, start: parseDay(addDays(end, -9)).getTime(), districts });
  });
  afterAll(async () => {
    await r?.stop();
  });

  it("recovers the planted contacts of the seeded index case, and logs the query with its legal basis", async () => {
    const size = await r.vigil.services.log.size();
    const res = await r.gql<any>(CONTACTS, { c: mob.plant.index, b: BASIS }, security);
    expect(res.errors).toBeUndefined();
    const found = res.data.closeContacts.contacts.map((c: any) => c.pseudonym);
    expect([...found].sort()).toEqual([...mob.plant.contacts].sort());
    for (const p of mob.plant.nearMisses) expect(found).not.toContain(p);
    // Ranked by exposure: the planted overlaps grow with k, so the order is the reverse of planting.
    expect(found).toEqual([...mob.plant.contacts].reverse());
    expect(await r.vigil.services.log.size()).toBe(size + 1);
    const entry = await bodyOf(r, res.data.closeContacts.entryIndex);
    expect(entry.kind).toBe("trajectory-access");
    expect(entry.department).toBe("PS-RL");
    expect(entry.body).toMatchObject({
      operation: "closeContacts",
      legalBasis: BASIS,
      officer: "security@vigil.example",
      resultHash: res.data.closeContacts.resultHash,
    });
    expect(entry.body.policy).toEqual(res.data.closeContacts.policy);
    // The log names the subject by digest only: no pseudonym of the result is on it.
    const text = JSON.stringify(entry);
    for (const p of [mob.plant.index, ...found]) expect(text).not.toContain(p);
    const log = await r.gql<any>(`{ trajectoryAccessLog(limit: 5) }`, {}, auditor);
    expect(log.data.trajectoryAccessLog[0]).toMatchObject({ entryIndex: res.data.closeContacts.entryIndex, legalBasis: BASIS });
  });

  it("depth 2 adds the planted contacts of contacts", async () => {
    const res = await r.gql<any>(CONTACTS, { c: mob.plant.index, b: BASIS, d: 2 }, security);
    expect(res.errors).toBeUndefined();
    const second = res.data.closeContacts.contacts.filter((c: any) => c.depth === 2);
    expect(second.map((c: any) => c.pseudonym)).toEqual(expect.arrayContaining(mob.plant.secondGeneration));
    expect(
      res.data.closeContacts.contacts
        .filter((c: any) => c.depth === 1)
        .map((c: any) => c.pseudonym)
        .sort(),
    ).toEqual([...mob.plant.contacts].sort());
  });

  it("refuses a query without a legal basis, or from a department that does not investigate, and logs nothing", async () => {
    const before = await snapshot(r.vigil);
    const none = await r.gql<any>(CONTACTS, { c: mob.plant.index, b: "  " }, security);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "legalBasis", rule: "legal-basis-required" });
    const hospital = await r.gql<any>(CONTACTS, { c: mob.plant.index, b: BASIS }, officer);
    expect(hospital.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await r.gql<any>(CONTACTS, { c: mob.plant.index, b: BASIS });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const unknown = await r.gql<any>(CONTACTS, { c: "ps-unknown-person", b: BASIS }, security);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await snapshot(r.vigil)).toEqual(before);
  });

  it("stores a bulk batch with its commitment on the log, refuses a batch with one bad row whole, and finds hand-built overlaps", async () => {
    const cell = latLngToCell(31.5, 121.5, 10);
    const t = Date.now() - 3 * 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const visits = [
      { person: "ps-hand-case", cell, start: iso(t), end: iso(t + 60 * 60_000) },
      { person: "ps-hand-exact", cell, start: iso(t + 45 * 60_000), end: iso(t + 90 * 60_000) }, // 15 min: the threshold
      { person: "ps-hand-short", cell, start: iso(t + 46 * 60_000), end: iso(t + 90 * 60_000) }, // 14 min
      { person: "ps-hand-touch", cell, start: iso(t + 60 * 60_000), end: iso(t + 90 * 60_000) }, // touches
    ];
    const before = await snapshot(r.vigil);
    const visitCount = await r.vigil.db.prisma.visit.count();
    const bad = await r.gql<any>(
      SUBMIT,
      { i: [...visits, { person: "ps-hand-bad", cell: latLngToCell(31.5, 121.5, 7), start: iso(t), end: iso(t + 1) }] },
      security,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", rows: [{ row: 4, field: "cell" }] });
    expect(await snapshot(r.vigil)).toEqual(before);
    expect(await r.vigil.db.prisma.visit.count()).toBe(visitCount);
    const hospital = await r.gql<any>(SUBMIT, { i: visits }, officer);
    expect(hospital.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const ok = await r.gql<any>(SUBMIT, { i: visits }, security);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.submitVisits.count).toBe(4);
    const expected = visitsCommitment(
      "vigil-visit-batch/1",
      visits.map((v) => ({ person: v.person, place: placeKey({ cell }), start: Date.parse(v.start), end: Date.parse(v.end), source: "PS-RL" })),
    );
    expect(ok.data.submitVisits.hash).toBe(expected);
    const entry = await bodyOf(r, ok.data.submitVisits.entryIndex);
    expect(entry.body).toMatchObject({ contract: "trajectory-visit@1", count: 4, hash: expected });
    expect(JSON.stringify(entry)).not.toContain("ps-hand");
    expect(await r.vigil.db.prisma.visit.count()).toBe(visitCount + 4);

    const res = await r.gql<any>(CONTACTS, { c: "ps-hand-case", b: BASIS, f: iso(t - 3600_000), t: iso(t + 3 * 3600_000), m: 15 }, cdc);
    expect(res.errors).toBeUndefined();
    expect(res.data.closeContacts.contacts.map((c: any) => [c.pseudonym, c.totalMinutes])).toEqual([["ps-hand-exact", 15]]);
  });

  it("keeps every version of a relationship and serves the chain with preset positions", async () => {
    const [first] = mob.plant.links;
    const link = {
      source: first!.source,
      target: first!.target,
      contactDate: new Date(first!.contactDate).toISOString(),
      exposureType: "SHARED_SPACE",
      certainty: "HIGH",
      durationMinutes: 20,
    };
    const v = await r.gql<any>(LINK, { i: { ...link, followUp: "SEEN_NOT_OK", reason: "Follow-up call: fever" } }, cdc);
    expect(v.errors).toBeUndefined();
    expect(v.data.recordTransmissionLink).toMatchObject({ version: 2, current: true, followUp: "SEEN_NOT_OK" });
    expect((await bodyOf(r, v.data.recordTransmissionLink.entryIndex)).body.previous).toBeTypeOf("number");
    const h = await r.gql<any>(
      `query($s: String!, $t: String!) { transmissionLinkHistory(source: $s, target: $t) { version current followUp } }`,
      { s: link.source, t: link.target },
      auditor,
    );
    expect(h.data.transmissionLinkHistory).toEqual([
      { version: 1, current: false, followUp: "SEEN_OK" },
      { version: 2, current: true, followUp: "SEEN_NOT_OK" },
    ]);
    const bad = await r.gql<any>(LINK, { i: { ...link, exposureType: "TELEPATHY" } }, cdc);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const chain = await r.gql<any>(CHAIN, { c: mob.plant.secondGeneration[0], b: BASIS }, security);
    expect(chain.errors).toBeUndefined();
    const c = chain.data.transmissionChain;
    expect(c.links).toHaveLength(mob.plant.links.length);
    expect(c.clusters).toBe(1);
    const nodes = new Map(c.nodes.map((n: any) => [n.pseudonym, n]));
    expect(nodes.size).toBe(1 + mob.plant.contacts.length + mob.plant.secondGeneration.length);
    expect((nodes.get(mob.plant.index) as any).x).toBeLessThan((nodes.get(mob.plant.secondGeneration[0]!) as any).x);
    expect((nodes.get(mob.plant.index) as any).isCase).toBe(true);
  });

  it("imports relationships in bulk, each its own version and entry; a bad row refuses the whole call and changes nothing", async () => {
    const BULK = `mutation($i: [TransmissionLinkInput!]!) { recordTransmissionLinks(inputs: $i) { source target version current followUp entryIndex } }`;
    const row = (source: string, target: string, followUp = "PENDING") => ({
      source,
      target,
      contactDate: "2026-09-02T10:00:00.000Z",
      exposureType: "HOUSEHOLD",
      certainty: "MEDIUM",
      durationMinutes: 45,
      followUp,
    });
    const rows = [row("bulk-case-0", "bulk-case-1", "BECAME_CASE"), row("bulk-case-0", "bulk-kin-a"), row("bulk-case-1", "bulk-kin-b")];
    const size = await r.vigil.services.log.size();
    const ok = await r.gql<any>(BULK, { i: rows }, cdc);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordTransmissionLinks.map((l: any) => [l.source, l.target, l.version, l.current])).toEqual(rows.map((x) => [x.source, x.target, 1, true]));
    expect(await r.vigil.services.log.size()).toBe(size + 3);
    const entries = ok.data.recordTransmissionLinks.map((l: any) => l.entryIndex);
    expect(new Set(entries).size).toBe(3);
    for (const e of entries) expect((await bodyOf(r, e)).kind).toBe("transmission-link");

    // The next version of a pair through the bulk path names the previous entry, as the single mutation does.
    const again = await r.gql<any>(BULK, { i: [row("bulk-case-0", "bulk-kin-a", "SEEN_OK")] }, cdc);
    expect(again.data.recordTransmissionLinks[0]).toMatchObject({ version: 2, current: true, followUp: "SEEN_OK" });
    expect((await bodyOf(r, again.data.recordTransmissionLinks[0].entryIndex)).body.previous).toBe(entries[1]);

    // One bad row (a self-link), one duplicated pair: refused whole, rows named, nothing stored, no entry.
    const before = await snapshot(r.vigil);
    const bad = await r.gql<any>(BULK, { i: [row("bulk-case-1", "bulk-kin-c"), row("bulk-kin-d", "bulk-kin-d"), row("bulk-case-1", "bulk-kin-c")] }, cdc);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs[1].target" });
    expect((bad.errors![0]!.extensions!.rows as { row: number }[]).map((x) => x.row)).toEqual([1, 2]);
    expect(await snapshot(r.vigil)).toEqual(before);
    // Officers of departments that do not record chains are refused.
    const forbidden = await r.gql<any>(BULK, { i: [row("bulk-case-1", "bulk-kin-e")] }, security);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    // In the chain, a contact whose follow-up became a case is a case.
    const chain = await r.gql<any>(CHAIN, { c: "bulk-case-0", b: BASIS }, security);
    const isCase = Object.fromEntries(chain.data.transmissionChain.nodes.map((n: any) => [n.pseudonym, n.isCase]));
    expect(isCase).toEqual({ "bulk-case-0": false, "bulk-case-1": true, "bulk-kin-a": false, "bulk-kin-b": false });

    // A contact-date range filters the links, and the access entry records the range as ISO instants.
    const RANGED = `query($c: String!, $b: String!, $f: DateTimeISO, $t: DateTimeISO) {
      transmissionChain(casePseudonym: $c, legalBasis: $b, from: $f, to: $t) { entryIndex links { source target } } }`;
    const inRange = await r.gql<any>(RANGED, { c: "bulk-case-0", b: BASIS, f: "2026-09-01T00:00:00.000Z", t: "2026-09-03T00:00:00.000Z" }, security);
    expect(inRange.errors).toBeUndefined();
    expect(inRange.data.transmissionChain.links).toHaveLength(3);
    expect((await bodyOf(r, inRange.data.transmissionChain.entryIndex)).body.params).toEqual({
      from: "2026-09-01T00:00:00.000Z",
      to: "2026-09-03T00:00:00.000Z",
    });
    const outOfRange = await r.gql<any>(RANGED, { c: "bulk-case-0", b: BASIS, f: "2026-09-03T00:00:00.000Z" }, security);
    expect(outOfRange.data.transmissionChain.links).toEqual([]);
  });

  it("a chain read after new versions and a retraction matches a fresh read of every relationship in force", async () => {
    const FULL = `query($c: String!, $b: String!) { transmissionChain(casePseudonym: $c, legalBasis: $b) { resultHash links { source target version followUp } } }`;
    const row = (source: string, target: string, extra: Record<string, unknown> = {}) => ({
      source,
      target,
      contactDate: "2026-09-04T10:00:00.000Z",
      exposureType: "HOUSEHOLD",
      certainty: "MEDIUM",
      durationMinutes: 45,
      ...extra,
    });
    const first = await r.gql<any>(FULL, { c: "bulk-case-0", b: BASIS }, security);
    expect(first.errors).toBeUndefined();
    // The service has now read the links; these changes reach it as version rows added since.
    const changed = await r.gql<any>(
      `mutation($i: [TransmissionLinkInput!]!) { recordTransmissionLinks(inputs: $i) { version } }`,
      {
        i: [
          row("bulk-case-0", "bulk-kin-a", { followUp: "MISSED" }),
          row("bulk-case-1", "bulk-kin-b", { retracted: true, reason: "Entered against the wrong case" }),
          row("bulk-case-1", "bulk-kin-f"),
        ],
      },
      cdc,
    );
    expect(changed.errors).toBeUndefined();
    const after = await r.gql<any>(FULL, { c: "bulk-case-0", b: BASIS }, security);
    const links = after.data.transmissionChain.links.map((l: any) => `${l.source}>${l.target} v${l.version} ${l.followUp}`);
    expect(links).toContain("bulk-case-0>bulk-kin-a v3 MISSED");
    expect(links).toContain("bulk-case-1>bulk-kin-f v1 PENDING");
    expect(links.some((l: string) => l.startsWith("bulk-case-1>bulk-kin-b"))).toBe(false);
    // A service that never read the links (a new process) answers the same links in the same order.
    const { TrajectoryService } = await import("./service.ts");
    const ps = await r.vigil.db.prisma.department.findUniqueOrThrow({ where: { code: "PS-RL" } });
    const viewer = {
      id: 0,
      email: "security@vigil.example",
      role: "DEPARTMENT_OFFICER",
      departmentId: ps.id,
      departmentCode: ps.code,
      regionCode: ps.regionCode,
    };
    const fresh = await new TrajectoryService(r.vigil.db, r.vigil.services.log).transmissionChain(viewer as never, {
      casePseudonym: "bulk-case-0",
      legalBasis: BASIS,
    });
    expect(fresh.resultHash).toBe(after.data.transmissionChain.resultHash);
    expect(fresh.links.map((l) => `${l.source}>${l.target} v${l.version} ${l.followUp}`)).toEqual(links);

    // A repeated view reuses its layout but is its own logged access; recording a case among its people
    // changes the view (the case is drawn as a case).
    const NODES = `query($c: String!, $b: String!) { transmissionChain(casePseudonym: $c, legalBasis: $b) { entryIndex resultHash nodes { pseudonym isCase } } }`;
    const v1 = (await r.gql<any>(NODES, { c: "bulk-case-0", b: BASIS }, security)).data.transmissionChain;
    const v2 = (await r.gql<any>(NODES, { c: "bulk-case-0", b: BASIS }, security)).data.transmissionChain;
    expect(v2.entryIndex).toBeGreaterThan(v1.entryIndex);
    expect(v2.resultHash).toBe(v1.resultHash);
    expect(v2.nodes).toEqual(v1.nodes);
    expect(v1.nodes.find((n: any) => n.pseudonym === "bulk-kin-f").isCase).toBe(false);
    const recorded = await r.gql<any>(
      `mutation($i: TraceCaseInput!) { recordTraceCase(input: $i) { pseudonym } }`,
      { i: { pseudonym: "bulk-kin-f", onset: "2026-09-05T00:00:00.000Z" } },
      cdc,
    );
    expect(recorded.errors).toBeUndefined();
    const v3 = (await r.gql<any>(NODES, { c: "bulk-case-0", b: BASIS }, security)).data.transmissionChain;
    expect(v3.nodes.find((n: any) => n.pseudonym === "bulk-kin-f").isCase).toBe(true);
  });

  it("re-identifies only with a written reason, for an authorised department, logged before the identity is opened", async () => {
    const REID = `mutation($p: String!, $r: String!) { reidentify(pseudonym: $p, reason: $r) { pseudonym name nationalId entryIndex } }`;
    const reason = "Index case of cluster RL-01-03: contact-tracing team must call the patient today";
    const before = await snapshot(r.vigil);
    const short = await r.gql<any>(REID, { p: mob.plant.index, r: "because" }, security);
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
    const hospital = await r.gql<any>(REID, { p: mob.plant.index, r: reason }, officer);
    expect(hospital.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const auditorTry = await r.gql<any>(REID, { p: mob.plant.index, r: reason }, auditor);
    expect(auditorTry.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await snapshot(r.vigil)).toEqual(before);
    const ok = await r.gql<any>(REID, { p: mob.plant.index, r: reason }, security);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.reidentify).toMatchObject({ pseudonym: mob.plant.index, name: "Lin Wei (demo)" });
    const entry = await bodyOf(r, ok.data.reidentify.entryIndex);
    expect(entry.kind).toBe("reidentification");
    expect(entry.body).toMatchObject({ reason, officer: "security@vigil.example" });
    expect(JSON.stringify(entry)).not.toContain("Lin Wei");
    expect(JSON.stringify(entry)).not.toContain(mob.plant.index);
    const log = await r.gql<any>(`{ trajectoryAccessLog(limit: 1) }`, {}, auditor);
    expect(log.data.trajectoryAccessLog[0]).toMatchObject({ entryIndex: ok.data.reidentify.entryIndex, operation: "reidentify", reason });
  });

  it("visits of a day with no partition yet get one, also when submissions for that day race", async () => {
    const day = Math.floor(Date.now() / 86_400_000) - 45;
    const name = `Visit_${new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "")}`;
    const exists = async () => (await r.vigil.db.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = $1`, [name]))[0]!.n;
    expect(await exists()).toBe(0);
    const cell = latLngToCell(31.52, 121.47, 9);
    const at = (k: number, m: number) => new Date(day * 86_400_000 + (9 * 60 + k * 7 + m) * 60_000).toISOString();
    const results = await Promise.all(
      [0, 1, 2].map((k) => r.gql<any>(SUBMIT, { i: [{ person: `ps-race-${k}`, cell, start: at(k, 0), end: at(k, 30) }] }, security)),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    expect(await exists()).toBe(1);
    const rows = await r.vigil.db.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    expect(rows[0]!.n).toBe(3);
    // The three overlap in one cell: the day is queryable like any other.
    const res = await r.gql<any>(CONTACTS, { c: "ps-race-0", b: BASIS, f: at(0, -60), t: at(0, 120), m: 5 }, cdc);
    expect(res.errors).toBeUndefined();
    expect(res.data.closeContacts.contacts.map((c: any) => c.pseudonym).sort()).toEqual(["ps-race-1", "ps-race-2"]);
  });

  it("the bulk path keeps two batches in flight and still puts their entries on the log in upload order", async () => {
    const day = Math.floor(Date.now() / 86_400_000) - 20;
    const cell = latLngToCell(31.49, 121.44, 9);
    const rows = Array.from({ length: 9 }, (_, k) => {
      const start = day * 86_400_000 + (8 * 60 + k) * 60_000;
      return { person: `ps-bulk-${k}`, place: placeKey({ cell }), cell, start, end: start + 20 * 60_000 };
    });
    const seen: number[] = [];
    const batches = await r.vigil.services.trajectories.importVisits("PS-RL", rows, { batchSize: 2, progress: (n) => seen.push(n) });
    expect(batches.map((b) => b.count)).toEqual([2, 2, 2, 2, 1]);
    const entries = batches.map((b) => b.entryIndex);
    expect(entries).toEqual([...entries].sort((a, b) => a - b));
    expect(new Set(entries).size).toBe(5);
    // Each entry commits to its own slice of the upload, in order.
    for (const [k, b] of batches.entries()) {
      const slice = rows.slice(2 * k, 2 * k + 2).map((v) => ({ person: v.person, place: v.place, start: v.start, end: v.end, source: "PS-RL" }));
      expect((await bodyOf(r, b.entryIndex)).body.hash).toBe(visitsCommitment("vigil-visit-batch/1", slice));
    }
    expect(seen.at(-1)).toBe(9);
  });

  it("retention deletes old visits with a commitment that checks, and the log verifies", async () => {
    const total = await r.vigil.db.prisma.visit.count();
    const partitions = `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = '"Visit"'::regclass`;
    expect((await r.vigil.db.raw.query<{ n: number }>(partitions))[0]!.n).toBeGreaterThan(1);
    const before = await r.vigil.db.raw.query<any>(
      `SELECT "person", "place", (EXTRACT(EPOCH FROM "startAt") * 1000)::float8 AS s, (EXTRACT(EPOCH FROM "endAt") * 1000)::float8 AS e, "source" FROM "Visit"`,
    );
    const refused = await r.gql<any>(`mutation { runVisitRetention { id } }`, {}, security);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // Run as if 70 days from now: the 60-day retention then covers every visit the demo holds.
    const asOf = new Date(Date.now() + 75 * 86_400_000).toISOString();
    const del = await r.gql<any>(`mutation($a: DateTimeISO) { runVisitRetention(asOf: $a) { id count hash entryIndex cutoff } }`, { a: asOf }, admin);
    expect(del.errors).toBeUndefined();
    expect(del.data.runVisitRetention.count).toBe(total);
    expect(await r.vigil.db.prisma.visit.count()).toBe(0);
    // Every day ended more than a longest visit before the cutoff, so every day's partition is dropped.
    expect((await r.vigil.db.raw.query<{ n: number }>(partitions))[0]!.n).toBe(0);
    const kept = before.map((x: any) => ({ person: x.person, place: x.place, start: Number(x.s), end: Number(x.e), source: x.source }));
    expect(visitsCommitment("vigil-visit-deletion/1", kept)).toBe(del.data.runVisitRetention.hash);
    const check = await r.gql<any>(
      `query($i: Int!) { checkVisitDeletion(id: $i) { ok matchesEntry remaining } }`,
      { i: del.data.runVisitRetention.id },
      auditor,
    );
    expect(check.data.checkVisitDeletion).toEqual({ ok: true, matchesEntry: true, remaining: 0 });
    expect((await r.vigil.services.trajectories.checkDeletion(del.data.runVisitRetention.id, kept.slice(1))).ok).toBe(false);
    await r.vigil.services.log.publishCheckpoint();
    const audit = await auditLog(r.vigil.db, { origin: r.vigil.services.log.origin, logPublicKey: r.vigil.services.keys.logPublic });
    expect(audit.problem).toBeNull();
  });
});
