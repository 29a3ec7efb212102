import { describe, expect, it } from "vitest";
import {
  COSIGNATURE_KEY_TYPE,
  assessFinality,
  meetsQuorum,
  encodeCheckpoint,
  encodeVerifierKey,
  generateLogKey,
  hashLeaf,
  parsePolicy,
  rootFromLeafHashes,
  signCheckpoint,
  signCosignature,
} from "../src/index.ts";

const ORIGIN = "vigil.test/log";
const log = generateLogKey();
const logVerifier = { name: ORIGIN, publicKey: log.publicKey };
const delegates = Array.from({ length: 5 }, () => generateLogKey());
const names = delegates.map((_, i) => `d${i + 1}`);
const body = encodeCheckpoint({ origin: ORIGIN, size: 3, root: rootFromLeafHashes([1, 2, 3].map((i) => hashLeaf(new Uint8Array([i])))) });
const note = signCheckpoint(body, { name: ORIGIN, privateKey: log.privateKey });
const cosign = (i: number, t = 1_700_000_000 + i) => signCosignature(body, { name: `${names[i]}.vigil.test`, privateKey: delegates[i].privateKey }, t);

const policyText = (q: number, mirror?: Uint8Array) =>
  [
    ...delegates.map((d, i) => `witness ${names[i]} ${encodeVerifierKey(`${names[i]}.vigil.test`, d.publicKey, COSIGNATURE_KEY_TYPE)}`),
    `group delegates ${q} ${names.join(" ")}`,
    ...(mirror
      ? [
          `witness m1 ${encodeVerifierKey("m1.vigil.test", mirror, COSIGNATURE_KEY_TYPE)}`,
          "group mirrors any m1",
          "group final all delegates mirrors",
          "quorum final",
        ]
      : ["quorum delegates"]),
    "",
  ].join("\n");
const policy = parsePolicy(policyText(4))!;

describe("assessFinality (K = 5, q = 4)", () => {
  it("is final with four valid cosignatures, and reports each one's timestamp", () => {
    const f = assessFinality(policy, note + cosign(0) + cosign(1) + cosign(2) + cosign(4), [logVerifier]);
    expect(f).toMatchObject({ final: true, witnessed: ["d1", "d2", "d3", "d5"], missing: ["d4"], reason: null, short: [] });
    expect(f.timestamps).toEqual({ d1: 1_700_000_000, d2: 1_700_000_001, d3: 1_700_000_002, d5: 1_700_000_004 });
  });

  it("is not final with three, naming the group, the count and the missing delegates", () => {
    const f = assessFinality(policy, note + cosign(0) + cosign(2) + cosign(3), [logVerifier]);
    expect(f.final).toBe(false);
    expect(f.short).toEqual([{ group: "delegates", threshold: 4, have: 3 }]);
    expect(f.missing).toEqual(["d2", "d5"]);
    expect(f.reason).toBe("delegates needs 4 cosignatures and has 3; missing: d2, d5");
  });

  it("does not count a cosignature over another checkpoint, or one delegate twice", () => {
    const other = encodeCheckpoint({ origin: ORIGIN, size: 4, root: new Uint8Array(32) });
    const forged = signCosignature(other, { name: "d4.vigil.test", privateKey: delegates[3].privateKey }, 1);
    const f = assessFinality(policy, note + cosign(0) + cosign(0, 5) + cosign(1) + cosign(2) + forged, [logVerifier]);
    expect(f.final).toBe(false);
    expect(f.witnessed).toEqual(["d1", "d2", "d3"]);
  });

  it("never fails open: no policy, quorum none, or a note the log did not sign", () => {
    const all = note + [0, 1, 2, 3, 4].map((i) => cosign(i)).join("");
    expect(assessFinality(null, all, [logVerifier])).toMatchObject({ final: false });
    expect(assessFinality(null, all, [logVerifier]).reason).toMatch(/no delegate policy/);
    const none = parsePolicy(`witness d1 ${encodeVerifierKey("d1.vigil.test", delegates[0].publicKey, COSIGNATURE_KEY_TYPE)}\nquorum none\n`)!;
    expect(assessFinality(none, all, [logVerifier]).final).toBe(false);
    const stranger = generateLogKey();
    const f = assessFinality(policy, all, [{ name: ORIGIN, publicKey: stranger.publicKey }]);
    expect(f.final).toBe(false);
    expect(f.reason).toMatch(/log's signature does not verify/);
  });

  it("needs a mirror too when the policy has mirrors", () => {
    const mirror = generateLogKey();
    const p = parsePolicy(policyText(4, mirror.publicKey))!;
    const four = note + [0, 1, 2, 3].map((i) => cosign(i)).join("");
    const f = assessFinality(p, four, [logVerifier]);
    expect(f.final).toBe(false);
    expect(f.short).toEqual([
      { group: "final", threshold: 2, have: 1 },
      { group: "mirrors", threshold: 1, have: 0 },
    ]);
    expect(assessFinality(p, four + signCosignature(body, { name: "m1.vigil.test", privateKey: mirror.privateKey }, 9), [logVerifier]).final).toBe(true);
  });

  it("meetsQuorum agrees with assessFinality on already verified names", () => {
    expect(meetsQuorum(policy, ["d1", "d2", "d3", "d5"])).toBe(true);
    expect(meetsQuorum(policy, ["d1", "d2", "d3"])).toBe(false);
    expect(meetsQuorum(null, names)).toBe(false);
    const single = parsePolicy(`witness d1 ${encodeVerifierKey("d1.vigil.test", delegates[0].publicKey, COSIGNATURE_KEY_TYPE)}\nquorum d1\n`)!;
    expect([meetsQuorum(single, ["d1"]), meetsQuorum(single, [])]).toEqual([true, false]);
    for (const subset of [[0], [0, 1, 2], [0, 1, 2, 3], [1, 2, 3, 4], [0, 1, 2, 3, 4]]) {
      const note2 = note + subset.map((i) => cosign(i)).join("");
      expect(
        meetsQuorum(
          policy,
          subset.map((i) => names[i]!),
        ),
      ).toBe(assessFinality(policy, note2, [logVerifier]).final);
    }
  });
});
