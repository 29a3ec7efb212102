// npm run ledger -- verify [--no-signatures]   audit the whole stored log; exit 1 naming the first bad index
// npm run ledger -- prove <index>              print an entry, its inclusion proof and the signed checkpoint (JSON)
// npm run ledger -- check <proof.json> [--vkey <vkey>] [--policy FILE]   verify such a proof offline, without the
//                                              database, against the pinned log verifier key (--vkey or VIGIL_LOG_VKEY);
//                                              --policy: also that its checkpoint is final under a tlog-policy
// npm run ledger -- check <certificate.json> [--vkey <vkey>]   verify a deposit certificate offline (publisher signature, proof, checkpoint)
// npm run ledger -- check <fork-evidence.json> --vkey <vkey>    verify a mirror's fork evidence offline (two signed trees that cannot both be the log)
// Exit codes: 0 good, 1 a bad log or proof, 2 a usage error or nothing to check.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  FORK_EVIDENCE_FORMAT,
  assessFinality,
  checkCheckpoint,
  checkForkEvidence,
  checkInclusion,
  checkPolicy,
  encodeVerifierKey,
  fromBase64,
  fromHex,
  hashLeaf,
  type ParsedVerifierKey,
  parseVerifierKey,
  toBase64,
  toHex,
} from "@vigil/log";
import { CERTIFICATE_FORMAT, checkCertificate } from "@vigil/trust";

const USAGE = `usage: npm run ledger -- <command>
  verify [--no-signatures]  audit the whole stored log (--no-signatures: skip the submitters' signatures)
  prove <index>             print entry <index>, its inclusion proof and the signed checkpoint as JSON
  check <file.json> [--vkey <vkey>] [--policy FILE]
                            verify a file made by prove, a deposit certificate (GraphQL certificate, /verify) or a mirror's
                            fork evidence, offline, against the pinned log verifier key
                            (--vkey, a vkey or a file holding one; else VIGIL_LOG_VKEY; else, with a
                            warning, the key inside the file); with --policy, also that its checkpoint
                            carries the cosignatures that C2SP tlog-policy file requires (finality)
  vkey                      print the log's verifier key from the key file (what to pin), without the database
  --help                    print this text`;

type Command =
  | { name: "help" }
  | { name: "verify"; signatures: boolean }
  | { name: "prove"; index: number }
  | { name: "vkey" }
  | { name: "check"; file: string; vkey: string | undefined; policy?: string };

/** The command line as a command, or the one-line reason it is not one. Strict: a mistyped flag must not be ignored. */
const OPTIONS = {
  "no-signatures": { type: "boolean" },
  vkey: { type: "string" },
  policy: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseCommand(argv: string[]): Command | string {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    // Node's first sentence names the flag ("Unknown option '--no-signature'"); the rest is advice about '--'.
    const first = (e as Error).message.split(". ")[0]!;
    return first.charAt(0).toLowerCase() + first.slice(1);
  }
  const {
    values,
    positionals: [name, ...args],
  } = parsed;
  if (values.help) return { name: "help" };
  if (name === undefined) return "no command given";
  if (values["no-signatures"] && name !== "verify") return `--no-signatures applies to verify only`;
  if (values.vkey !== undefined && name !== "check") return `--vkey applies to check only`;
  if (values.policy !== undefined && name !== "check") return `--policy applies to check only`;
  const arity = (n: number) => (args.length === n ? null : `${name} takes ${n === 0 ? "no arguments" : `one argument`}, got ${args.length}`);
  switch (name) {
    case "verify":
      return arity(0) ?? { name, signatures: !values["no-signatures"] };
    case "prove": {
      const index = Number(args[0]);
      return (
        arity(1) ??
        (/^(0|[1-9][0-9]*)$/.test(args[0]!) && Number.isSafeInteger(index) ? { name, index } : `prove: ${JSON.stringify(args[0])} is not an entry index`)
      );
    }
    case "vkey":
      return arity(0) ?? { name };
    case "check":
      return (
        arity(1) ?? {
          name,
          file: args[0]!,
          vkey: values.vkey ?? (process.env.VIGIL_LOG_VKEY || undefined),
          ...(values.policy !== undefined && { policy: values.policy }),
        }
      );
    default:
      return `unknown command ${JSON.stringify(name)}`;
  }
}

interface ProofFile {
  origin: string;
  verifierKey: string;
  checkpoint: string;
  index: number;
  treeSize: number;
  payload: string;
  leafHash: string;
  proof: string[];
}

/** The proof file, or why it cannot be one (a usage problem: exit 2, as for a missing file). */
function readProofFile(file: string): ProofFile | string {
  let p: Partial<Record<keyof ProofFile, unknown>>;
  try {
    p = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    return `cannot read ${file} as a proof file (${(e as Error).message.split("\n")[0]})`;
  }
  const strings = ["verifierKey", "checkpoint", "payload", "leafHash"] as const;
  const bad = [
    ...strings.filter((k) => typeof p?.[k] !== "string"),
    ...(["index", "treeSize"] as const).filter((k) => typeof p?.[k] !== "number"),
    ...(Array.isArray(p?.proof) && p.proof.every((h) => typeof h === "string") ? [] : ["proof"]),
  ];
  return bad.length ? `${file} is not a proof file (${bad.join(", ")} missing or of the wrong type)` : (p as ProofFile);
}

/** The pinned verifier key: a vkey itself, or the name of a file holding one (as `npm run -s log -- vkey` prints it). */
function readPinnedKey(vkey: string): ParsedVerifierKey | string {
  const direct = parseVerifierKey(vkey.trim());
  if (direct) return direct;
  let text: string;
  try {
    text = readFileSync(vkey, "utf8");
  } catch {
    return `--vkey ${JSON.stringify(vkey)} is neither a verifier key (<name>+<keyid>+<base64>) nor a readable file`;
  }
  return parseVerifierKey(text.trim()) ?? `${vkey} does not hold a verifier key (<name>+<keyid>+<base64>)`;
}

/**
 * Why the proof does not hold, naming the typed reason from @vigil/log; null when it does. With a pinned key,
 * the key inside the file is not trusted at all: anyone can write a file with their own key and checkpoint.
 */
function checkProof(p: ProofFile, pinned: ParsedVerifierKey | null): string | null {
  const verifier = pinned ?? parseVerifierKey(p.verifierKey);
  if (!verifier) return "the verifier key is malformed";
  const cp = checkCheckpoint(p.checkpoint, verifier);
  if (!cp.ok) {
    const differs = pinned && p.verifierKey !== encodeVerifierKey(pinned.name, pinned.publicKey) ? "; the file names another key" : "";
    return `the checkpoint does not verify with the ${pinned ? "pinned " : ""}log key (${cp.error.kind}: ${cp.error.message})${differs}`;
  }
  if (cp.checkpoint.size !== p.treeSize) return `the checkpoint is for size ${cp.checkpoint.size}, the proof for ${p.treeSize}`;
  let leaf: Uint8Array, proof: Uint8Array[];
  try {
    leaf = hashLeaf(fromBase64(p.payload));
    proof = p.proof.map(fromHex);
  } catch (e) {
    return `the proof file does not decode (${(e as Error).message})`;
  }
  if (toHex(leaf) !== p.leafHash) return "the leaf hash is not SHA-256(0x00 ‖ payload)";
  const inclusion = checkInclusion(leaf, p.index, p.treeSize, proof, cp.checkpoint.root);
  if (!inclusion.ok) return `the inclusion proof does not lead to the checkpoint's root (${inclusion.error.kind}: ${inclusion.error.message})`;
  return null;
}

/**
 * Why the proof's checkpoint is not final under the policy; null when it is. A policy that lists logs pins
 * the log key itself; one that does not is read against the pinned key (or, unpinned, the proof file's).
 */
function checkFinality(p: ProofFile, policyText: string, pinned: ParsedVerifierKey | null): string | null {
  const parsed = checkPolicy(policyText);
  if (!parsed.ok) return `the policy does not parse (${parsed.error.message})`;
  const verifier = pinned ?? parseVerifierKey(p.verifierKey);
  const logs = parsed.policy.logs.length || !verifier ? [] : [verifier];
  const f = assessFinality(parsed.policy, p.checkpoint, logs);
  return f.final ? null : `the checkpoint is not final under the policy: ${f.reason}`;
}

/** A deposit certificate: every check on its own line, then the verdict; with a pinned key, also that it is the certificate's log key. */
function runCertificateCheck(raw: unknown, pinned: ParsedVerifierKey | null): number {
  const r = checkCertificate(raw);
  for (const c of r.checks) console.log(`${c.ok ? "✓" : "✗"} ${c.label}: ${c.detail}`);
  const carried = (raw as { logVerifierKey?: unknown }).logVerifierKey;
  const key = typeof carried === "string" ? parseVerifierKey(carried) : null;
  // The certificate brings its own log key; only a pinned key says that key is the log's.
  const keyOk = !pinned || (key !== null && key.name === pinned.name && toHex(key.publicKey) === toHex(pinned.publicKey));
  if (pinned) console.log(`${keyOk ? "✓" : "✗"} log key: ${keyOk ? "the pinned log verifier key" : "not the pinned log verifier key"}`);
  const s = r.statement;
  console.log(
    r.ok && keyOk && s
      ? `OK: deposit certificate of “${s.title}” by ${s.publisher.name}, logged ${r.receivedAt}` +
          (pinned ? " under the pinned log key" : ` (log key ${String(carried)}: compare it with the log's published key, or pass --vkey)`)
      : "FAILED: the certificate does not verify",
  );
  return r.ok && keyOk ? 0 : 1;
}

/** Fork evidence proves something only against the log's own key: it must be pinned. */
function runForkCheck(raw: unknown, pinned: ParsedVerifierKey | null): number {
  if (!pinned) {
    console.error("FAILED: fork evidence is checked against the log's key: pass --vkey (or set VIGIL_LOG_VKEY)");
    return 2;
  }
  const r = checkForkEvidence(raw, pinned);
  console.log(
    r.ok
      ? `fork evidence: PROVEN — the log signed two different trees for size ${r.size} (roots ${r.roots[0]} and ${r.roots[1]}) under the pinned log key`
      : `fork evidence: NOT PROVEN — ${r.error.message}`,
  );
  return r.ok ? 0 : 1;
}

function runCheck(file: string, vkey: string | undefined, policyFile?: string): number {
  const pinned = vkey === undefined ? null : readPinnedKey(vkey);
  if (typeof pinned === "string") {
    console.error(`FAILED: ${pinned}.`);
    return 2;
  }
  try {
    const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
    const format = (raw as { format?: unknown } | null)?.format;
    if (format === CERTIFICATE_FORMAT) return runCertificateCheck(raw, pinned);
    if (format === FORK_EVIDENCE_FORMAT) return runForkCheck(raw, pinned);
  } catch {
    // Not JSON, or unreadable: readProofFile says which.
  }
  const p = readProofFile(file);
  if (typeof p === "string") {
    console.error(`FAILED: ${p}. Make one with \`npm run -s ledger -- prove <index> > file.json\`.`);
    return 2;
  }
  if (!pinned)
    console.error(
      "warning: no pinned log key (--vkey or VIGIL_LOG_VKEY): trusting the key inside the file, which proves only that the file is self-consistent",
    );
  let policyText: string | undefined;
  if (policyFile !== undefined) {
    try {
      policyText = readFileSync(policyFile, "utf8");
    } catch (e) {
      console.error(`FAILED: cannot read the policy ${policyFile} (${(e as Error).message.split("\n")[0]})`);
      return 2;
    }
  }
  const problem = checkProof(p, pinned) ?? (policyText === undefined ? null : checkFinality(p, policyText, pinned));
  const key = `${pinned ? "pinned " : ""}log key`;
  console.log(
    problem
      ? `FAILED: ${problem}`
      : policyText === undefined
        ? `OK: the entry is in the log under a checkpoint validly signed by the ${key}`
        : `OK: the entry is in the log under a checkpoint signed by the ${key} and final under the policy`,
  );
  return problem ? 1 : 0;
}

/** The log's verifier key from the key file; reads the file only (never creates one, never opens the database). */
async function printVerifierKey(): Promise<number> {
  const [{ dataDir }, { configFromEnv }, { readLogVerifierKey }] = await Promise.all([
    import("@vigil/db"),
    import("../src/config.ts"),
    import("../src/keys.ts"),
  ]);
  const config = configFromEnv();
  const vkey = readLogVerifierKey(dataDir(config.dataDir), config.logOrigin);
  if (!vkey) {
    console.error("no key file yet: start the API once (it creates the keys), or set VIGIL_KEYS_FILE");
    return 2;
  }
  console.log(vkey);
  return 0;
}

/**
 * verify and prove read the database. Their modules load only here: `check` and `--help` must work
 * without a database (offline, on another machine), and a usage error must exit before anything opens one.
 */
async function runWithDatabase(command: Extract<Command, { name: "verify" | "prove" }>): Promise<number> {
  const [{ dataDir, openDatabase }, { createProgress }, { configFromEnv }, { loadKeyRing, rawEd25519 }, { auditLog }, { LogStore }] = await Promise.all([
    import("@vigil/db"),
    import("@vigil/progress"),
    import("../src/config.ts"),
    import("../src/keys.ts"),
    import("../src/log/audit.ts"),
    import("../src/log/store.ts"),
  ]);
  const config = configFromEnv();
  const dir = dataDir(config.dataDir);
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase({ url: config.databaseUrl, dataDir: dir, migrate: false });
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const keys = loadKeyRing(dir);
  try {
    if (command.name === "verify") {
      const bar = createProgress("verifying", 0, { unit: "entries" });
      const result = await auditLog(db, {
        origin: config.logOrigin,
        logPublicKey: keys.logPublic,
        signatures: command.signatures,
        progress: (done, total) => bar.update(done, total),
      });
      bar.finish(result.problem ? `stopped at entry ${result.problem.index}` : undefined);
      if (result.problem) {
        console.error(`FAILED at index ${result.problem.index} (${result.problem.kind}): ${result.problem.message}`);
        return 1;
      }
      const rate = Math.round(result.size / Math.max(result.seconds, 1e-9));
      console.log(
        `OK: ${result.size} entries, ${result.nodes} subtree hashes, ${result.checkpoints} checkpoints, ${result.signatures} entry signatures verified in ${result.seconds.toFixed(2)} s (${rate} entries/s)`,
      );
      return 0;
    }
    const { index } = command;
    const cp = await db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } });
    const entry = await db.prisma.logEntry.findUnique({ where: { index: BigInt(index) } });
    if (!entry || !cp || Number(cp.size) <= index) {
      console.error(`no entry ${index} under the latest checkpoint (size ${cp?.size ?? 0})`);
      return 2;
    }
    const size = Number(cp.size);
    const proof = await new LogStore(db, keys, config.logOrigin).inclusionProof(index, size);
    // The cosigned checkpoint: the log's note and every delegate cosignature received, so `check --policy` can judge finality.
    const cosignatures = await db.prisma.checkpointCosignature.findMany({ where: { checkpointSize: cp.size }, orderBy: { witness: "asc" } });
    const out: ProofFile = {
      origin: config.logOrigin,
      verifierKey: encodeVerifierKey(config.logOrigin, rawEd25519(keys.logPublic)),
      checkpoint: cp.note + cosignatures.map((c) => c.line).join(""),
      index,
      treeSize: size,
      payload: toBase64(new Uint8Array(entry.payload)),
      leafHash: toHex(new Uint8Array(entry.leafHash)),
      proof: proof.map(toHex),
    };
    console.log(JSON.stringify(out, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

const command = parseCommand(process.argv.slice(2));
if (typeof command === "string") {
  console.error(`ledger: ${command}\n${USAGE}`);
  process.exit(2);
}
if (command.name === "help") console.log(USAGE);
else if (command.name === "vkey") process.exitCode = await printVerifierKey();
else process.exitCode = command.name === "check" ? runCheck(command.file, command.vkey, command.policy) : await runWithDatabase(command);
