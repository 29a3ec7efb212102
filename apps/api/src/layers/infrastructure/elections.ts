import { type Candidate, type NoteVerifier, electionPolicy, encodeVerifierKey, parseVerifierKey, tallyElection } from "@vigil/log";
import type { Database } from "@vigil/db";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { type Delegates, readDelegatePolicy } from "../../log/delegates.ts";
import type { LogStore } from "../../log/store.ts";

/**
 * Delegate elections (issue 9, DPoS): nominations, ballots and results are entries on the log, so anyone can
 * re-run the tally (`tallyElection`) and the switch (`policySchedule`) from the log alone.
 *
 * - `delegate-candidate`: a department nominates its own node (name, cosigner vkey, URL), signed by its key.
 *   One per department; the witnesses of the configured policy are candidates without one.
 * - `delegate-ballot`: a department approves up to K candidates for the open epoch, signed by its key. One
 *   ballot per department per epoch: a second is refused (CONFLICT), never a silent replacement, so what a
 *   department signed first is what counts, the rule `tallyElection` applies to the log.
 * - `election-result`: closing the open epoch tallies its ballots and appends the result, signed by the log,
 *   embedding the elected policy; `Delegates` switches to it at the first checkpoint that contains the result
 *   and is final under the set in force (the switch checkpoint).
 *
 * Epochs are numbered from 1; the open epoch is the one after the last result. It closes by the mutation or,
 * once its first ballot is `epochMs` old, by the sweep.
 */

export const CANDIDATE_KIND = "delegate-candidate";
export const BALLOT_KIND = "delegate-ballot";
export const RESULT_KIND = "election-result";

interface CandidateBody {
  name: string;
  vkey: string;
  url: string;
}
interface BallotBody {
  epoch: number;
  approvals: string[];
}
export interface ResultBody {
  epoch: number;
  seats: number;
  /** The ballot entries tallied, in log order. */
  ballots: number[];
  elected: string[];
  approvals: Record<string, number>;
  /** The tlog-policy of the elected set (`electionPolicy`). */
  policy: string;
}

export interface ElectionCandidate extends Candidate {
  /** The nominating department (null: a delegate of the configured policy). */
  readonly department: string | null;
  readonly entryIndex: number | null;
}

export interface EpochView {
  epoch: number;
  closed: boolean;
  ballots: { department: string; approvals: string[]; entryIndex: number; castAt: Date }[];
  result: (ResultBody & { entryIndex: number; closedAt: Date; switchSize: number | null; superseded: boolean }) | null;
}

export interface ElectionOptions {
  /** K, the seats: at most this many delegates are elected, and a ballot approves at most this many. */
  seats?: number;
  /** An epoch closes itself once its first ballot is this old (default one day). */
  epochMs?: number;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export class ElectionService {
  private timer: NodeJS.Timeout | undefined;
  readonly seats: number;
  readonly epochMs: number;

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly delegates: Delegates,
    private readonly logVerifier: NoteVerifier,
    options: ElectionOptions = {},
  ) {
    // K defaults to the configured delegate set's size: an election refills the same number of seats.
    this.seats = options.seats ?? Math.max(1, delegates.policy?.witnesses.length ?? 5);
    this.epochMs = options.epochMs ?? 86_400_000;
  }

  /** At start: hand every result on the log to the delegates (in log order), then sweep for due epochs. */
  async resume(sweepMs = Math.min(this.epochMs, 60_000)): Promise<void> {
    if (!this.delegates.policy) return;
    for (const r of await this.log.entriesOfKind<ResultBody>([RESULT_KIND])) {
      await this.delegates.addResult(r.index, r.body.epoch, readDelegatePolicy(r.body.policy, this.logVerifier));
    }
    this.timer = setInterval(() => void this.sweep().catch((e) => console.error(`elections: ${e instanceof Error ? e.message : String(e)}`)), sweepMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    const { open, ballots, results } = await this.state();
    // A result another API process appended (on one PostgreSQL): this process's delegates switch too.
    for (const r of results) await this.delegates.addResult(r.index, r.body.epoch, readDelegatePolicy(r.body.policy, this.logVerifier));
    const first = ballots.find((b) => b.body.epoch === open);
    if (first && Date.now() - first.receivedAt.getTime() >= this.epochMs) await this.closeEpoch(open).catch(() => {});
  }

  private async state(tx?: Parameters<LogStore["entriesOfKind"]>[1]) {
    const entries = await this.log.entriesOfKind([CANDIDATE_KIND, BALLOT_KIND, RESULT_KIND], tx);
    const results = entries.filter((e) => e.kind === RESULT_KIND) as ((typeof entries)[number] & { body: ResultBody })[];
    const ballots = entries.filter((e) => e.kind === BALLOT_KIND) as ((typeof entries)[number] & { body: BallotBody; department: string })[];
    const nominations = entries.filter((e) => e.kind === CANDIDATE_KIND) as ((typeof entries)[number] & { body: CandidateBody; department: string })[];
    const open = (results.at(-1)?.body.epoch ?? 0) + 1;
    const candidates: ElectionCandidate[] = (this.delegates.policies[0]?.witnesses ?? []).map((w) => ({
      name: w.name,
      vkey: encodeVerifierKey(w.verifier.name, w.verifier.publicKey, w.verifier.type),
      ...(w.url && { url: w.url }),
      department: null,
      entryIndex: null,
    }));
    for (const n of nominations) {
      if (!candidates.some((c) => c.name === n.body.name))
        candidates.push({ name: n.body.name, vkey: n.body.vkey, url: n.body.url, department: n.department, entryIndex: n.index });
    }
    return { open, results, ballots, candidates };
  }

  candidates(): Promise<ElectionCandidate[]> {
    return this.state().then((s) => s.candidates);
  }

  /** Epochs, newest first: the open one (with its ballots so far) and every closed one with its result. */
  async epochs(page: { limit: number; offset: number }): Promise<EpochView[]> {
    const { open, results, ballots } = await this.state();
    const schedule = this.delegates.schedule();
    const out: EpochView[] = [];
    for (let epoch = open; epoch >= 1; epoch--) {
      const r = results.find((x) => x.body.epoch === epoch);
      const era = r && schedule.find((e) => e.resultIndex === r.index);
      out.push({
        epoch,
        closed: !!r,
        ballots: ballots
          .filter((b) => b.body.epoch === epoch)
          .map((b) => ({ department: b.department, approvals: b.body.approvals, entryIndex: b.index, castAt: b.receivedAt })),
        result: r
          ? { ...r.body, entryIndex: r.index, closedAt: r.receivedAt, switchSize: era?.switchSize ?? null, superseded: era?.superseded ?? false }
          : null,
      });
    }
    return out.slice(page.offset, page.offset + page.limit);
  }

  /** The viewer's department, or the one an admin names: only a department votes or nominates, for itself. */
  private async department(viewer: Viewer, requested: string | null | undefined) {
    const code = viewer.role === "ADMIN" ? requested : (requested ?? viewer.departmentCode);
    if (viewer.role !== "ADMIN" && code !== viewer.departmentCode)
      throw fail("FORBIDDEN", "A department officer votes and nominates only for their own department.", { field: "department" });
    if (!code) throw fail("BAD_USER_INPUT", "Name the department that votes or nominates.", { field: "department" });
    const d = await this.db.prisma.department.findUnique({ where: { code } });
    if (!d) throw fail("NOT_FOUND", `No department ${code}: only departments vote and nominate.`, { field: "department" });
    return d;
  }

  /** A department puts its own node up for election: its cosigner key and the URL its witness listens on. */
  async nominate(viewer: Viewer, input: { department?: string | null; name: string; vkey: string; url: string }): Promise<ElectionCandidate> {
    const d = await this.department(viewer, input.department);
    if (!NAME.test(input.name)) throw fail("BAD_USER_INPUT", "A delegate name is 1–64 letters, digits, `.`, `_` or `-`.", { field: "name" });
    const key = parseVerifierKey(input.vkey);
    if (!key) throw fail("BAD_USER_INPUT", "`vkey` is not a C2SP verifier key.", { field: "vkey" });
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw fail("BAD_USER_INPUT", "`url` is not a URL.", { field: "url" });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw fail("BAD_USER_INPUT", "`url` must be http(s).", { field: "url" });
    // The cosigner form of the key: what the policy lists and cosignatures verify against.
    const vkey = encodeVerifierKey(key.name, key.publicKey, 0x04);
    return this.log.write(async ({ tx, append, lock }) => {
      await lock();
      const { candidates } = await this.state(tx);
      if (candidates.some((c) => c.name === input.name)) throw fail("CONFLICT", `There is already a candidate named ${input.name}.`, { field: "name" });
      // One node per department: a department cannot crowd the ballot (and the lists stay bounded by the departments).
      const own = candidates.find((c) => c.department === d.code);
      if (own) throw fail("CONFLICT", `${d.code} has already nominated ${own.name}.`);
      const body: CandidateBody = { name: input.name, vkey, url: url.toString() };
      const [e] = await append([{ kind: CANDIDATE_KIND, departmentCode: d.code, departmentId: d.id, body }]);
      return { name: body.name, vkey, url: body.url, department: d.code, entryIndex: Number(e!.index) };
    });
  }

  /** A department's ballot for the open epoch: up to K known candidates, each once; one ballot per department per epoch. */
  async castBallot(viewer: Viewer, input: { department?: string | null; epoch?: number | null; approvals: string[] }) {
    const d = await this.department(viewer, input.department);
    if (input.approvals.length === 0) throw fail("BAD_USER_INPUT", "A ballot approves at least one candidate.", { field: "approvals" });
    if (input.approvals.length > this.seats)
      throw fail("BAD_USER_INPUT", `A ballot approves at most ${this.seats} candidates (the seats).`, { field: "approvals" });
    if (new Set(input.approvals).size !== input.approvals.length)
      throw fail("BAD_USER_INPUT", "A ballot approves each candidate once.", { field: "approvals" });
    return this.log.write(async ({ tx, append, lock }) => {
      await lock();
      const { open, ballots, candidates } = await this.state(tx);
      if (input.epoch != null && input.epoch !== open)
        throw fail("CONFLICT", `Epoch ${input.epoch} is not open for ballots; the open epoch is ${open}.`, { field: "epoch" });
      const unknown = input.approvals.filter((a) => !candidates.some((c) => c.name === a));
      if (unknown.length) throw fail("BAD_USER_INPUT", `Not a candidate: ${unknown.join(", ")}.`, { field: "approvals" });
      if (ballots.some((b) => b.body.epoch === open && b.department === d.code))
        throw fail("CONFLICT", `${d.code} has already voted in epoch ${open}; one ballot per department per epoch.`);
      const body: BallotBody = { epoch: open, approvals: input.approvals };
      const [e] = await append([{ kind: BALLOT_KIND, departmentCode: d.code, departmentId: d.id, body }]);
      return { epoch: open, department: d.code, approvals: input.approvals, entryIndex: Number(e!.index), castAt: e!.receivedAt };
    });
  }

  /** Close the open epoch: tally its ballots and append the result (signed by the log) with the elected policy. */
  async closeEpoch(epoch: number): Promise<EpochView> {
    if (!this.delegates.policy) throw fail("CONFLICT", "No delegate policy is configured: there is no delegate set for an election to replace.");
    const written = await this.log.write(async ({ tx, append, lock }) => {
      await lock();
      const { open, ballots, candidates } = await this.state(tx);
      if (epoch !== open)
        throw fail("CONFLICT", epoch < open ? `Epoch ${epoch} is already closed.` : `Epoch ${epoch} has not opened; the open epoch is ${open}.`, {
          field: "epoch",
        });
      const mine = ballots.filter((b) => b.body.epoch === epoch);
      const tally = tallyElection({ epoch, k: this.seats, candidates, ballots: mine.map((b) => ({ department: b.department, ...b.body })) });
      if (!tally.elected.length) throw fail("CONFLICT", `Epoch ${epoch} has no approved candidate: nobody to elect.`);
      const body: ResultBody = {
        epoch,
        seats: this.seats,
        ballots: mine.map((b) => b.index),
        elected: tally.elected.map((c) => c.name),
        approvals: tally.approvals,
        policy: electionPolicy({ logVkey: encodeVerifierKey(this.logVerifier.name, this.logVerifier.publicKey), delegates: tally.elected }),
      };
      const [e] = await append([{ kind: RESULT_KIND, departmentCode: null, departmentId: null, body }]);
      return { index: Number(e!.index), body };
    });
    await this.delegates.addResult(written.index, epoch, readDelegatePolicy(written.body.policy, this.logVerifier));
    return (await this.epochs({ limit: 1, offset: 1 }))[0]!;
  }
}
