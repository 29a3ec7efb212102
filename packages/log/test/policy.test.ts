import { describe, expect, it } from "vitest";
import {
  COSIGNATURE_KEY_TYPE,
  checkPolicy,
  encodeCheckpoint,
  encodePolicy,
  encodeVerifierKey,
  evaluatePolicy,
  fromBase64,
  toBase64,
  generateLogKey,
  parsePolicy,
  satisfiesPolicy,
  signCheckpoint,
  signCosignature,
  type LogKeyPair,
  type PolicyErrorKind,
} from "../src/index.ts";

// transparency-dev/formats witness/witness_policy_test.go (see vectors/README.md).
const W1 = "sigsum.org+e4ade967+AZuUY6B08pW3QVHu8uvsrxWPcAv9nykap2Nb4oxCee+r";
const W2 = "example.com+3753d3de+AebBhMcghIUoavZpjuDofa4sW6fYHyVn7gvwDBfvkvuM";
const REMORA = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

describe("tlog-policy parsing", () => {
  it("reads transparency-dev's tidy policy and its thresholds", () => {
    const p = parsePolicy(`
witness w1 ${W1} https://sigsum.org/witness/
witness w2 ${W2} https://example.com/witness/
group g1 all w1 w2
quorum g1
`);
    expect(p?.groups).toEqual([{ name: "g1", threshold: 2, members: ["w1", "w2"] }]);
    expect(p?.witnesses.map((w) => [w.name, w.verifier.type, w.url])).toEqual([
      ["w1", COSIGNATURE_KEY_TYPE, "https://sigsum.org/witness/"],
      ["w2", COSIGNATURE_KEY_TYPE, "https://example.com/witness/"],
    ]);
    expect(parsePolicy(`witness w1 ${W1}\nwitness w4 ${REMORA}\ngroup g1 any w1 w4\nquorum g1\n`)?.groups[0].threshold).toBe(1);
    expect(parsePolicy(`witness w1 ${W1}\nwitness w4 ${REMORA}\ngroup g1 2 w1 w4\nquorum g1\n`)?.groups[0].threshold).toBe(2);
  });

  it("allows blank lines, full-line comments, spaces and tabs around fields", () => {
    const p = parsePolicy(
      `\n\n# comment\nwitness   w1      ${W1}     https://sigsum.org/witness/\n  witness w2\t\t${W2}\n\n\t\t\t     #comment\ngroup      g1    all     w1  w2\n\n\t\t quorum      g1`,
    );
    expect(p?.quorum).toBe("g1");
    expect(p?.groups[0].threshold).toBe(2);
  });

  it("reads the C2SP example's structure, and `quorum none`", () => {
    const keys = Array.from({ length: 7 }, () => generateLogKey());
    const v = (i: number, t: 1 | 4) => encodeVerifierKey(`k${i}`, keys[i].publicKey, t);
    const p = parsePolicy(
      [
        `log ${v(0, 1)}`,
        "",
        ...[1, 2, 3].map((i) => `witness X${i} ${v(i, 4)}`),
        "group X-witnesses 2 X1 X2 X3",
        ...[4, 5, 6].map((i) => `witness Y${i - 3} ${v(i, 4)}`),
        "group Y-witnesses any Y1 Y2 Y3",
        "group X-and-Y all X-witnesses Y-witnesses",
        "quorum X-and-Y",
      ].join("\n"),
    );
    expect(p?.groups.map((g) => [g.name, g.threshold])).toEqual([
      ["X-witnesses", 2],
      ["Y-witnesses", 1],
      ["X-and-Y", 2],
    ]);
    expect(parsePolicy("quorum none\n")).toEqual({ logs: [], witnesses: [], groups: [], quorum: "none" });
  });

  const cases: [string, string, PolicyErrorKind][] = [
    ["no quorum", `witness w1 ${W1} https://sigsum.org/witness/`, "policy-quorum"],
    ["two quorums", `witness w1 ${W1}\nquorum w1\nquorum w1`, "policy-quorum"],
    ["unknown quorum component", "quorum unknown", "policy-undefined-name"],
    ["duplicate component name", `witness w1 ${W1}\nwitness w1 ${W2}\nquorum w1`, "policy-duplicate-name"],
    ["duplicate witness key", `witness w1 ${W1}\nwitness w2 ${W1}\nquorum w1`, "policy-duplicate-key"],
    ["negative threshold", `witness w1 ${W1}\ngroup g1 -1 w1\nquorum g1`, "policy-bad-threshold"],
    ["threshold above n", `witness w1 ${W1}\ngroup g1 2 w1\nquorum g1`, "policy-bad-threshold"],
    ["threshold zero", `witness w1 ${W1}\ngroup g1 0 w1\nquorum g1`, "policy-bad-threshold"],
    ["group named none", "group none 1 witness", "policy-duplicate-name"],
    ["none as a member", `witness w1 ${W1}\ngroup g1 any none\nquorum g1`, "policy-undefined-name"],
    ["forward reference", `group g1 any w1\nwitness w1 ${W1}\nquorum g1`, "policy-undefined-name"],
    ["member twice in one group", `witness w1 ${W1}\ngroup g1 any w1 w1\nquorum g1`, "policy-member-reused"],
    ["member of two groups", `witness w1 ${W1}\ngroup g1 any w1\ngroup g2 any w1\nquorum g2`, "policy-member-reused"],
    ["group without members", `witness w1 ${W1}\ngroup g1 any\nquorum w1`, "policy-syntax"],
    ["unknown keyword", "monitor m1 x\nquorum none", "policy-syntax"],
    ["trailing comment (not C2SP)", `witness w1 ${W1} https://x/ #c\nquorum w1`, "policy-syntax"],
    ["carriage return", "quorum none\r\n", "policy-syntax"],
    ["bad vkey", "witness w1 nope+00000000+AAAA\nquorum w1", "policy-bad-key"],
    ["a cosigner key as a log key", `log ${REMORA}\nquorum none`, "policy-bad-key"],
  ];
  for (const [name, text, kind] of cases) {
    it(`refuses: ${name} (${kind})`, () => {
      const r = checkPolicy(text);
      expect(r.ok ? "accepted" : r.error.kind).toBe(kind);
    });
  }
  it("says which line is wrong", () => {
    const r = checkPolicy(`witness w1 ${W1}\n\ngroup g1 3 w1\nquorum g1`);
    expect(r.ok ? 0 : r.error.line).toBe(3);
  });
});

describe("tlog-policy evaluation", () => {
  const origin = "vigil.example/log";
  const log = generateLogKey();
  const w = Array.from({ length: 5 }, () => generateLogKey());
  const mirror = generateLogKey();
  const name = (i: number) => `d${i}.vigil.example`;
  // The shape an election result embeds: K = 5 delegates, q = ⌊2K/3⌋ + 1 = 4, any one mirror.
  const text = [
    `log ${encodeVerifierKey(origin, log.publicKey)}`,
    ...w.map((k, i) => `witness d${i} ${encodeVerifierKey(name(i), k.publicKey, COSIGNATURE_KEY_TYPE)}`),
    `witness m0 ${encodeVerifierKey("m0.vigil.example", mirror.publicKey, COSIGNATURE_KEY_TYPE)}`,
    "group delegates 4 d0 d1 d2 d3 d4",
    "group mirrors any m0",
    "group final all delegates mirrors",
    "quorum final",
  ].join("\n");
  const policy = parsePolicy(text);
  if (policy === null) throw new Error("policy did not parse");
  const body = encodeCheckpoint({ origin, size: 10, root: new Uint8Array(32).fill(7) });
  const signed = signCheckpoint(body, { name: origin, privateKey: log.privateKey });
  const cosign = (k: LogKeyPair, n: string) => signCosignature(body, { name: n, privateKey: k.privateKey }, 1_700_000_000);
  const withDelegates = (ids: number[]) => signed + ids.map((i) => cosign(w[i], name(i))).join("");

  it("is met by 4 of 5 delegates and the mirror, and reports who cosigned", () => {
    const r = evaluatePolicy(policy, withDelegates([0, 1, 3, 4]) + cosign(mirror, "m0.vigil.example"));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.evaluation.witnessed).toEqual(["d0", "d1", "d3", "d4", "m0"]);
      expect(r.evaluation.cosignatures.every((c) => c.timestamp === 1_700_000_000)).toBe(true);
      expect(r.evaluation.log).toBe(origin);
    }
  });

  it("is not met by 3 delegates, or without the mirror", () => {
    const r = evaluatePolicy(policy, withDelegates([0, 1, 2]) + cosign(mirror, "m0.vigil.example"));
    expect(r.ok ? "met" : r.error.kind).toBe("policy-quorum-not-met");
    expect(satisfiesPolicy(policy, withDelegates([0, 1, 2, 3, 4]))).toBe(false);
  });

  it("does not count a bad cosignature, and does not let it spoil the others", () => {
    const forged = cosign(generateLogKey(), name(4)); // right name, another key: its key ID is unknown, so ignored
    const good = cosign(w[4], name(4));
    const prefix = `— ${name(4)} `;
    const blob = fromBase64(good.slice(prefix.length, -1));
    blob[40] ^= 1; // inside the Ed25519 signature
    const tampered = `${prefix}${toBase64(blob)}\n`;
    const r = evaluatePolicy(policy, withDelegates([0, 1, 2]) + forged + tampered + cosign(mirror, "m0.vigil.example"));
    expect(r.ok ? "met" : r.error.kind).toBe("policy-quorum-not-met");
    const ok = evaluatePolicy(policy, withDelegates([0, 1, 2, 3]) + tampered + cosign(mirror, "m0.vigil.example"));
    expect(ok.ok && ok.evaluation.invalid).toEqual(["d4"]);
  });

  it("needs the log's signature, on its own origin", () => {
    const other = generateLogKey();
    const notOurs = signCheckpoint(body, { name: origin, privateKey: other.privateKey }) + w.map((k, i) => cosign(k, name(i))).join("");
    const r = evaluatePolicy(policy, notOurs);
    expect(r.ok ? "met" : r.error.kind).toBe("unknown-key");
    const elsewhere = encodeCheckpoint({ origin: "other.example/log", size: 1, root: new Uint8Array(32) });
    const r2 = evaluatePolicy(policy, signCheckpoint(elsewhere, { name: origin, privateKey: log.privateKey }));
    expect(r2.ok ? "met" : r2.error.kind).toBe("origin-mismatch");
    expect(evaluatePolicy(parsePolicy("quorum none") as NonNullable<ReturnType<typeof parsePolicy>>, signed).ok).toBe(false);
    expect(
      evaluatePolicy(parsePolicy("quorum none") as NonNullable<ReturnType<typeof parsePolicy>>, signed, { logs: [{ name: origin, publicKey: log.publicKey }] })
        .ok,
    ).toBe(true);
  });

  it("encodePolicy writes a file that parses back to the same policy", () => {
    expect(parsePolicy(encodePolicy(policy))).toEqual(policy);
  });
});
