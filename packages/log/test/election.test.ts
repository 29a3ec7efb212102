import { describe, expect, it } from "vitest";
import {
  type Ballot,
  assessFinality,
  cosignerVkey,
  delegateQuorum,
  electionPolicy,
  encodeCheckpoint,
  encodeVerifierKey,
  generateLogKey,
  parsePolicy,
  policySchedule,
  signCheckpoint,
  signCosignature,
  tallyElection,
} from "../src/index.ts";

const keys = Array.from({ length: 7 }, () => generateLogKey());
const candidates = keys.map((k, i) => ({ name: `c${i + 1}`, vkey: cosignerVkey(`c${i + 1}.vigil.test`, k.publicKey), url: `http://127.0.0.1:${9000 + i}` }));
const ballot = (department: string, approvals: string[], epoch = 3): Ballot => ({ department, epoch, approvals });

describe("delegate elections", () => {
  it("q = ⌊2K/3⌋ + 1", () => {
    expect([1, 2, 3, 4, 5, 7].map(delegateQuorum)).toEqual([1, 2, 3, 3, 4, 5]);
  });

  it("elects the K most approved; one ballot per department per epoch; bad ballots are refused with a reason", () => {
    const t = tallyElection({
      epoch: 3,
      k: 3,
      candidates,
      ballots: [
        ballot("CDC-1", ["c1", "c2", "c3"]),
        ballot("HOSP-1", ["c2", "c3", "c4"]),
        ballot("HOSP-2", ["c2", "c4"]),
        ballot("CDC-1", ["c7"]), // second ballot of CDC-1
        ballot("MEDIA", ["c1", "c2", "c3", "c4"]), // more than K
        ballot("POLICE", ["c5", "c5"]),
        ballot("TRANSPORT", ["c9"]),
        ballot("CHARITY", ["c6"], 2),
      ],
    });
    // c2 first; c3 and c4 tie at two (their order is the hash's).
    expect(t.elected[0]!.name).toBe("c2");
    expect(t.elected.map((c) => c.name).sort()).toEqual(["c2", "c3", "c4"]);
    expect(t.approvals).toMatchObject({ c1: 1, c2: 3, c3: 2, c4: 2, c5: 0, c6: 0, c7: 0 });
    expect(t.refused.map((r) => r.department)).toEqual(["CDC-1", "MEDIA", "POLICE", "TRANSPORT", "CHARITY"]);
    expect(t.refused[0]!.reason).toBe("CDC-1 has already voted in epoch 3");
  });

  it("breaks ties by hash, not by name or the order candidates were listed", () => {
    // Six candidates with one approval each, two seats.
    const six = (e: number) => [ballot("A", ["c1", "c2"], e), ballot("B", ["c3", "c4"], e), ballot("C", ["c5", "c6"], e)];
    const a = tallyElection({ epoch: 3, k: 2, candidates, ballots: six(3) }).elected.map((c) => c.name);
    const b = tallyElection({ epoch: 3, k: 2, candidates: [...candidates].reverse(), ballots: six(3) }).elected.map((c) => c.name);
    expect(a).toHaveLength(2);
    expect(a).toEqual(b);
    // The draw depends on the epoch: eight epochs giving the same two of six would be a (1/15)^7 fluke.
    const draws = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((e) =>
        tallyElection({ epoch: e, k: 2, candidates, ballots: six(e) })
          .elected.map((c) => c.name)
          .join(),
      ),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it("embeds a policy under which q of the elected delegates make a checkpoint final", () => {
    const log = generateLogKey();
    const logVkey = encodeVerifierKey("vigil.test/log", log.publicKey);
    const elected = tallyElection({ epoch: 1, k: 5, candidates, ballots: [ballot("A", ["c1", "c2", "c3", "c4", "c5"], 1)] }).elected;
    const text = electionPolicy({ logVkey, delegates: elected });
    const policy = parsePolicy(text)!;
    expect(policy.groups).toEqual([{ name: "delegates", threshold: 4, members: elected.map((c) => c.name) }]);
    expect(policy.witnesses.map((w) => w.url)).toEqual(elected.map((c) => c.url));
    const body = encodeCheckpoint({ origin: "vigil.test/log", size: 0, root: new Uint8Array(32) });
    const note = signCheckpoint(body, { name: "vigil.test/log", privateKey: log.privateKey });
    const cosign = (name: string) => signCosignature(body, { name: `${name}.vigil.test`, privateKey: keys[Number(name.slice(1)) - 1]!.privateKey }, 1);
    const names = elected.map((c) => c.name);
    expect(assessFinality(policy, note + names.slice(0, 3).map(cosign).join(""), []).final).toBe(false);
    expect(assessFinality(policy, note + names.slice(0, 4).map(cosign).join(""), []).final).toBe(true);
    const withMirror = parsePolicy(electionPolicy({ logVkey, delegates: elected, mirrors: [candidates[6]!] }))!;
    expect(withMirror.quorum).toBe("final");
    expect(assessFinality(withMirror, note + names.slice(0, 4).map(cosign).join(""), []).final).toBe(false);
    expect(assessFinality(withMirror, note + [...names.slice(0, 4), "c7"].map(cosign).join(""), []).final).toBe(true);
  });

  it("switches to an elected policy at the first checkpoint final under the old one; the new set cosigns from then on", () => {
    const log = generateLogKey();
    const origin = "vigil.test/log";
    const logs = [{ name: origin, publicKey: log.publicKey }];
    const pick = (names: string[]) => names.map((n) => candidates[Number(n.slice(1)) - 1]!);
    const oldPolicy = parsePolicy(electionPolicy({ delegates: pick(["c1", "c2", "c3", "c4", "c5"]) }))!;
    const newPolicy = parsePolicy(electionPolicy({ delegates: pick(["c3", "c4", "c5", "c6", "c7"]) }))!;
    const cp = (size: number, cosigners: string[]) => {
      const body = encodeCheckpoint({ origin, size, root: new Uint8Array(32).fill(size) });
      const note = signCheckpoint(body, { name: origin, privateKey: log.privateKey });
      return {
        size,
        note:
          note + cosigners.map((n) => signCosignature(body, { name: `${n}.vigil.test`, privateKey: keys[Number(n.slice(1)) - 1]!.privateKey }, size)).join(""),
      };
    };
    const schedule = policySchedule(
      oldPolicy,
      [{ resultIndex: 10, policy: newPolicy }],
      [
        cp(8, ["c1", "c2", "c3", "c4"]), // before the result: old policy, final
        cp(12, ["c1", "c2", "c3"]), // holds the result, but not final under the old policy: no switch
        cp(14, ["c1", "c2", "c3", "c4"]), // final under the old one: the switch checkpoint
        cp(16, ["c1", "c2", "c3", "c4"]), // the old set alone no longer makes it final
        cp(18, ["c3", "c4", "c6", "c7"]), // the new set does
      ],
      logs,
    );
    expect(schedule).toEqual([
      { size: 8, policy: 0, final: true },
      { size: 12, policy: 0, final: false },
      { size: 14, policy: 0, final: true, switchTo: 1 },
      { size: 16, policy: 1, final: false },
      { size: 18, policy: 1, final: true },
    ]);
  });
});
