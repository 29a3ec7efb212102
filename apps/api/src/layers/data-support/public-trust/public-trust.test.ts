import { execFile } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHex, hashLeaf, parseVerifierKey, verifyCheckpoint, verifyInclusion } from "@vigil/log";
import { checkCertificate, parseAmount, statementHash } from "@vigil/trust";
import { BACKENDS, snapshot, startVigil, type Running } from "../../../../test/harness.ts";
import { PublicTrustService } from "./service.ts";
import { RECEIPT_TRACE_DOCUMENT, receiptRoutes } from "./receipt-route.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../../../../..");

const PUBLISH = `mutation($i: PublishStatementInput!) { publishStatement(input: $i) { id entryIndex sha256 verdict publisher { code } } }`;
const CERT = `query($e: Int!) { certificate(entryIndex: $e) }`;
const FACT = `mutation($i: FactCheckInput!) { factCheck(input: $i) { verdict factChecks { verdict checker { code } } } }`;
const DONATE = `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { receiptCode donorSalt donation { code quantity donorCommitment donorName entryIndex } } }`;
const ALLOCATE = `mutation($i: AllocateDonationInput!) { allocateDonation(input: $i) { code quantity recipient { code } } }`;
const SHIP = `mutation($i: ShipDonationInput!) { shipDonation(input: $i) { code quantity recipient { code } } }`;
const CONFIRM = `mutation($i: ConfirmDeliveryInput!) { confirmDelivery(input: $i) { code quantity actor { code } } }`;
const TRACE = `query($r: String!) { donationTrace(receiptCode: $r) { receiptCode logVerifierKey anomalies { kind step }
  steps { step { kind code quantity actor { code } recipient { code } } entry { index payload leafHash departmentCode proof { index treeSize leafHash hashes checkpoint { size note } } } } } }`;
const BOOKS = `query { charityBalances { asOf confirmWithinDays balances { charity item received allocated shipped delivered inStock inTransit }
  recipients { recipient item needed delivered } anomalies { kind step donation charity message } links { kind charity recipient item quantity } } }`;

/** The certificate of a fresh entry exists once its checkpoint is published (within 250 ms). */
async function certificateOf(r: Running, entryIndex: number): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const c = await r.gql<{ certificate: string | null }>(CERT, { e: entryIndex });
    expect(c.errors).toBeUndefined();
    if (c.data!.certificate) return c.data!.certificate;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error("no checkpoint");
}

describe.each(BACKENDS)("public trust on %s", (backend) => {
  let r: Running;
  let media: string, cdc: string, redcross: string, officer: string, decision: string;
  let officerHospital: string;
  beforeAll(async () => {
    r = await startVigil(backend);
    [media, cdc, redcross, officer, decision] = await Promise.all(
      ["media", "cdc", "redcross", "officer", "decision"].map((u) => r.login(`${u}@vigil.example`)),
    );
    const me = await r.gql<{ me: { department: { code: string } } }>(`{ me { department { code } } }`, {}, officer);
    officerHospital = me.data!.me.department.code;
  });
  afterAll(async () => {
    await r?.stop();
  });

  it("seeds three charities' books that add up, with the demo's diversion and unconfirmed delivery flagged, and 30 statements", async () => {
    const b = await r.gql<any>(BOOKS);
    expect(b.errors).toBeUndefined();
    const books = b.data.charityBalances;
    expect(new Set(books.balances.map((l: any) => l.charity))).toEqual(new Set(["RC-RL", "CF-RL", "RF-RL"]));
    for (const l of books.balances) {
      expect(parseAmount(l.received)).toBe(parseAmount(l.allocated) + parseAmount(l.inStock));
      expect(parseAmount(l.allocated)).toBe(parseAmount(l.delivered) + parseAmount(l.inTransit));
    }
    const kinds = books.anomalies.map((a: any) => a.kind).sort();
    expect(kinds).toEqual(["below-standard", "diversion", "unconfirmed-delivery"]);
    expect(await r.vigil.db.prisma.charityStep.count({ where: { kind: "DONATION" } })).toBe(500);
    const board = await r.gql<any>(`{ publicStatements(limit: 100) { title verdict } }`);
    expect(board.data.publicStatements).toHaveLength(30);
    expect(board.data.publicStatements.filter((s: any) => s.verdict === "FALSE").length).toBeGreaterThanOrEqual(5);
    // Need against delivered, per recipient: every hospital asked for N95s.
    expect(books.recipients.filter((x: any) => x.item === "N95 respirator" && parseAmount(x.needed) > 0n).length).toBe(7);
  });

  it("issues a deposit certificate anyone verifies without an account, offline too; one altered character fails", async () => {
    const text = `Riverland CDC: no cases linked to imported frozen food (${backend}).`;
    const p = await r.gql<any>(PUBLISH, { i: { text, title: "No cases from frozen food", category: "health-advice", language: "en" } }, media);
    expect(p.errors).toBeUndefined();
    expect(p.data.publishStatement.sha256).toBe(statementHash(text));
    const json = await certificateOf(r, p.data.publishStatement.entryIndex);
    const vkey = (await r.gql<{ publicLogVerifierKey: string }>(`{ publicLogVerifierKey }`)).data!.publicLogVerifierKey;
    const checked = checkCertificate(JSON.parse(json), { content: text, logVerifierKey: vkey });
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    // Found by hash, anonymously.
    const byHash = await r.gql<any>(`query($h: String!) { statementByHash(sha256: $h) { title publisher { code } } }`, { h: statementHash(text) });
    expect(byHash.data.statementByHash).toEqual({ title: "No cases from frozen food", publisher: { code: "MEDIA-RL" } });
    // The CLI, with no database: good file OK (exit 0); one character of the title altered fails (exit 1).
    const good = path.join(r.dataDir, "certificate.json");
    const bad = path.join(r.dataDir, "altered.json");
    writeFileSync(good, json);
    writeFileSync(bad, json.replace("No cases from frozen food", "No cases from frozen foot"));
    const cli = (f: string) =>
      run("npx", ["tsx", "apps/api/scripts/ledger.ts", "check", f], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
      });
    const ok = await cli(good);
    expect(ok.stdout).toMatch(/^OK: deposit certificate/m);
    await expect(cli(bad)).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/FAILED/) });
  });

  it("records fact-checks by health authorities only, never by the publisher; a refused one changes nothing", async () => {
    const p = await r.gql<any>(
      PUBLISH,
      { i: { text: `Claim: garlic soup cures it (${backend})`, title: "Garlic soup claim", category: "rumour", language: "en" } },
      media,
    );
    const id = p.data.publishStatement.id;
    const fc = { statementId: id, verdict: "FALSE", reasoning: "No clinical evidence supports this claim.", evidence: ["https://www.who.int/myth-busters"] };
    const before = await snapshot(r.vigil);
    const byMedia = await r.gql(FACT, { i: fc }, media);
    expect(byMedia.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const badUrl = await r.gql(FACT, { i: { ...fc, evidence: ["javascript:alert(1)"] } }, cdc);
    expect(badUrl.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const anonymous = await r.gql(FACT, { i: fc });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await snapshot(r.vigil)).toEqual(before);
    const ok = await r.gql<any>(FACT, { i: fc }, cdc);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.factCheck).toEqual({ verdict: "FALSE", factChecks: [{ verdict: "FALSE", checker: { code: "CDC-RL" } }] });
    // The CDC cannot rate its own statement.
    const own = await r.gql<any>(PUBLISH, { i: { text: `CDC advice ${backend}`, title: "CDC advice", category: "health-advice", language: "en" } }, cdc);
    const self = await r.gql(FACT, { i: { ...fc, statementId: own.data.publishStatement.id } }, cdc);
    expect(self.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // Not a publisher department: a decision-maker's health commission may publish, a charity may not.
    const charity = await r.gql(PUBLISH, { i: { text: "x y z", title: "Charity note", category: "news", language: "en" } }, redcross);
    expect(charity.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("traces a donation to its countersigned delivery with proofs; only the destination can countersign; no donor identity on the log", async () => {
    const d = await r.gql<any>(
      DONATE,
      {
        i: { item: "N95 respirator", unit: "pieces", quantity: "1000", standard: "GB 19083-2010", batch: "T-1", donorReference: "Jane Doe, jane@example.org" },
      },
      redcross,
    );
    expect(d.errors).toBeUndefined();
    const { receiptCode, donorSalt, donation } = d.data.recordDonation;
    expect(donation.donorName).toBeNull();
    expect(donation.donorCommitment).toBe(statementHash(`vigil-donor/1\nJane Doe, jane@example.org\n${donorSalt}`));
    const entry = await r.vigil.db.prisma.logEntry.findUniqueOrThrow({ where: { index: BigInt(donation.entryIndex) } });
    expect(new TextDecoder().decode(entry.payload)).not.toMatch(/Jane|jane@/);

    const before = await snapshot(r.vigil);
    const over = await r.gql(ALLOCATE, { i: { receiptCode, recipientCode: officerHospital, quantity: "1000.01" } }, redcross);
    expect(over.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const notTheirs = await r.gql(ALLOCATE, { i: { receiptCode, recipientCode: officerHospital, quantity: "1" } }, await r.login("federation@vigil.example"));
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await snapshot(r.vigil)).toEqual(before);

    const a = await r.gql<any>(ALLOCATE, { i: { receiptCode, recipientCode: officerHospital, quantity: "600" } }, redcross);
    expect(a.errors).toBeUndefined();
    const s = await r.gql<any>(SHIP, { i: { allocationCode: a.data.allocateDonation.code, quantity: "600" } }, redcross);
    expect(s.data.shipDonation.recipient.code).toBe(officerHospital);
    const shipmentCode = s.data.shipDonation.code;

    // The charity, another department, or an anonymous caller cannot complete the delivery: only the destination's countersignature.
    const beforeConfirm = await snapshot(r.vigil);
    for (const token of [redcross, cdc, decision, undefined]) {
      const x = await r.gql(CONFIRM, { i: { shipmentCode, quantity: "600" } }, token);
      expect(x.errors?.[0]?.extensions?.code).toBe(token ? "FORBIDDEN" : "UNAUTHENTICATED");
    }
    const tooMany = await r.gql(CONFIRM, { i: { shipmentCode, quantity: "600.5" } }, officer);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(r.vigil)).toEqual(beforeConfirm);
    const v = await r.gql<any>(CONFIRM, { i: { shipmentCode, quantity: "600" } }, officer);
    expect(v.errors).toBeUndefined();
    expect(v.data.confirmDelivery.actor.code).toBe(officerHospital);

    // Anyone, signed out, with the receipt code: four steps, each entry's proof verifies against the signed checkpoint.
    await new Promise((ok) => setTimeout(ok, 400));
    const t = await r.gql<any>(TRACE, { r: receiptCode });
    expect(t.errors).toBeUndefined();
    const trace = t.data.donationTrace;
    expect(trace.steps.map((x: any) => x.step.kind)).toEqual(["DONATION", "ALLOCATION", "SHIPMENT", "DELIVERY"]);
    expect(trace.anomalies).toEqual([]);
    const verifier = parseVerifierKey(trace.logVerifierKey)!;
    for (const { entry: e } of trace.steps) {
      const cp = verifyCheckpoint(e.proof.checkpoint.note, verifier)!;
      expect(cp.size).toBe(e.proof.treeSize);
      const leaf = hashLeaf(new TextEncoder().encode(e.payload));
      expect(verifyInclusion(leaf, e.index, e.proof.treeSize, e.proof.hashes.map(fromHex), cp.root)).toBe(true);
    }
    expect(trace.steps[3].entry.departmentCode).toBe(officerHospital);
  });

  it("flags a diversion and answers bad public input with typed errors", async () => {
    const d = await r.gql<any>(DONATE, { i: { item: "Surgical mask", unit: "pieces", quantity: "500", donorName: "Harbor Shipping Co." } }, redcross);
    const receiptCode = d.data.recordDonation.receiptCode;
    const a = await r.gql<any>(ALLOCATE, { i: { receiptCode, recipientCode: officerHospital, quantity: "500" } }, redcross);
    const s = await r.gql<any>(SHIP, { i: { allocationCode: a.data.allocateDonation.code, quantity: "500", destinationCode: "PS-RL" } }, redcross);
    expect(s.errors).toBeUndefined();
    await new Promise((ok) => setTimeout(ok, 2100)); // past the public cache
    const t = await r.gql<any>(TRACE, { r: receiptCode });
    expect(t.data.donationTrace.anomalies).toEqual([{ kind: "diversion", step: s.data.shipDonation.code }]);
    const books = await r.gql<any>(BOOKS);
    expect(books.data.charityBalances.anomalies.some((x: any) => x.kind === "diversion" && x.step === s.data.shipDonation.code)).toBe(true);
    expect((await r.gql(TRACE, { r: "R-NOPE0-NOPE0" })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await r.gql(TRACE, { r: "<script>" })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await r.gql(`{ statementByHash(sha256: "abc") { id } }`)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await r.gql(CERT, { e: 0 })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("lets only the publisher retract its statement, once, and exports the flows in IATI form", async () => {
    const p = await r.gql<any>(
      PUBLISH,
      { i: { text: `Clinic hours (${backend})`, title: "Clinic hours", category: "official-notice", language: "en" } },
      media,
    );
    const id = p.data.publishStatement.id;
    const RETRACT = `mutation($id: Int!, $why: String!) { retractStatement(id: $id, reason: $why) { retractedAt retractionReason } }`;
    const before = await snapshot(r.vigil);
    expect((await r.gql(RETRACT, { id, why: "Wrong hours" }, cdc)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await r.gql(RETRACT, { id, why: "" }, media)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(r.vigil)).toEqual(before);
    const ok = await r.gql<any>(RETRACT, { id, why: "Wrong hours" }, media);
    expect(ok.data.retractStatement.retractionReason).toBe("Wrong hours");
    expect((await r.gql(RETRACT, { id, why: "Again" }, media)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const entry = await r.vigil.db.prisma.logEntry.findFirstOrThrow({ where: { kind: "statement-retraction" }, orderBy: { index: "desc" } });
    expect(JSON.parse(new TextDecoder().decode(entry.payload)).body).toEqual({ statement: p.data.publishStatement.entryIndex, reason: "Wrong hours" });

    const iati = JSON.parse((await r.gql<{ charityIati: string }>(`{ charityIati }`)).data!.charityIati)["iati-activities"];
    expect(iati["iati-activity"].map((a: any) => a["iati-identifier"]).sort()).toEqual(["XM-VIGIL-CF-RL", "XM-VIGIL-RC-RL", "XM-VIGIL-RF-RL"]);
    const codes = new Set(iati["iati-activity"].flatMap((a: any) => a.transaction.map((t: any) => t["transaction-type"].code)));
    expect(codes).toEqual(new Set(["1", "2", "3", "4"]));
  });

  it("serves a receipt's trace over plain GET: the GraphQL answer's bytes, revalidated by ETag, refreshed by the next step", async () => {
    const origin = new URL(r.url).origin;
    const d = await r.gql<any>(DONATE, { i: { item: "Surgical mask", unit: "pieces", quantity: "80", donorName: "GET test" } }, redcross);
    const receiptCode = d.data.recordDonation.receiptCode;
    await new Promise((ok) => setTimeout(ok, 400)); // its first checkpoint
    const get = (code: string, headers: Record<string, string> = {}) => fetch(`${origin}/public/receipts/${code}`, { headers });
    const first = await get(receiptCode);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.headers.get("cache-control")).toBe("public, max-age=2");
    let body = await first.json();
    // The same answer as GraphQL's; cosignatures that reach the log after it was rendered show within a second.
    for (let i = 0; i < 30; i++) {
      const viaGraphql = (await r.gql<any>(RECEIPT_TRACE_DOCUMENT, { receiptCode })).data.donationTrace;
      if (JSON.stringify(body) === JSON.stringify(viaGraphql) || i === 29) {
        expect(body).toEqual(viaGraphql);
        break;
      }
      await new Promise((ok) => setTimeout(ok, 100));
      body = await (await get(receiptCode)).json();
    }
    expect(body.steps.map((s: any) => s.step.kind)).toEqual(["DONATION"]);
    const leaf = hashLeaf(new TextEncoder().encode(body.steps[0].entry.payload));
    const { proof } = body.steps[0].entry;
    const cp = verifyCheckpoint(proof.checkpoint.note, parseVerifierKey(body.logVerifierKey)!)!;
    expect(verifyInclusion(leaf, proof.index, proof.treeSize, proof.hashes.map(fromHex), cp.root)).toBe(true);
    // Unchanged: 304 without a body; the next step of the flow changes the answer at once.
    const etag = (await get(receiptCode)).headers.get("etag")!;
    const again = await get(receiptCode, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const a = await r.gql<any>(ALLOCATE, { i: { receiptCode, recipientCode: officerHospital, quantity: "80" } }, redcross);
    expect(a.errors).toBeUndefined();
    const after = await get(receiptCode, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect((await after.json()).steps.map((s: any) => s.step.kind)).toEqual(["DONATION", "ALLOCATION"]);
    // Bad input: typed errors with GraphQL's codes, and nothing changed.
    const before = await snapshot(r.vigil);
    const missing = await get("R-NOPE0-NOPE0");
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].extensions.code).toBe("NOT_FOUND");
    for (const bad of ["r-lower-case", "%3Cscript%3E", "X".repeat(41)]) {
      const res = await get(bad);
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    expect(await snapshot(r.vigil)).toEqual(before);
  });

  it("limits GET receipt lookups per client address with 429 and Retry-After", async () => {
    const svc = new PublicTrustService(r.vigil.db, r.vigil.services.log, r.vigil.services.keys, { readsPerSecond: 3 });
    const app = express();
    app.set("trust proxy", 1);
    app.use(
      receiptRoutes(
        svc,
        (receiptCode) => r.vigil.execute({ document: RECEIPT_TRACE_DOCUMENT, variables: { receiptCode } }),
        () => {},
      ),
    );
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const code = (await r.vigil.db.prisma.charityStep.findFirstOrThrow({ where: { kind: "DONATION" } })).code;
      const get = (ip: string) =>
        fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/public/receipts/${code}`, { headers: { "x-forwarded-for": ip } });
      for (let i = 0; i < 3; i++) expect((await get("203.0.113.7")).status).toBe(200);
      const limited = await get("203.0.113.7");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
      expect((await get("203.0.113.8")).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it("rate-limits public reads per client address", async () => {
    const svc = new PublicTrustService(r.vigil.db, r.vigil.services.log, r.vigil.services.keys, { readsPerSecond: 3 });
    const h = "0".repeat(64);
    for (let i = 0; i < 3; i++) await svc.statementByHash("203.0.113.9", h);
    await expect(svc.statementByHash("203.0.113.9", h)).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED" } });
    // Another address is not affected; an IPv6 /64 counts as one address.
    await svc.statementByHash("203.0.113.10", h);
    for (let i = 0; i < 3; i++) await svc.statementByHash(`2001:db8:1:2::${i + 1}`, h);
    await expect(svc.statementByHash("2001:db8:1:2::99", h)).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED" } });
  });
});
