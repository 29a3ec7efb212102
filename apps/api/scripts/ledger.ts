// npm run ledger -- verify [--no-signatures]   audit the whole stored log; exit 1 naming the first bad index
// npm run ledger -- prove <index>              print an entry, its inclusion proof and the signed checkpoint (JSON)
// npm run ledger -- check <proof.json>         verify such a proof offline, without the database
// npm run ledger -- check <certificate.json>   verify a deposit certificate offline (publisher signature, proof, checkpoint)
// Exit codes: 0 good, 1 a bad log or proof, 2 a usage error or nothing to check.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkCheckpoint, checkInclusion, encodeVerifierKey, fromBase64, fromHex, hashLeaf, parseVerifierKey, toBase64, toHex } from "@vigil/log";
import { CERTIFICATE_FORMAT, checkCertificate } from "@vigil/trust";

const USAGE = `usage: npm run ledger -- <command>
  verify [--no-signatures]  audit the whole stored log (--no-signatures: skip the submitters' signatures)
  prove <index>             print entry <index>, its inclusion proof and the signed checkpoint as JSON
  check <file.json>         verify offline a file made by prove, or a deposit certificate (GraphQL certificate, /verify)
  --help                    print this text`;

type Command = { name: "help" } | { name: "verify"; signatures: boolean } | { name: "prove"; index: number } | { name: "check"; file: string };

/** The command line as a command, or the one-line reason it is not one. Strict: a mistyped flag must not be ignored. */
const OPTIONS = { "no-signatures": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

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
    case "check":
      return arity(1) ?? { name, file: args[0]! };
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

/** Why the proof does not hold, naming the typed reason from @vigil/log; null when it does. */
function checkProof(p: ProofFile): string | null {
  const verifier = parseVerifierKey(p.verifierKey);
  if (!verifier) return "the verifier key is malformed";
  const cp = checkCheckpoint(p.checkpoint, verifier);
  if (!cp.ok) return `the checkpoint does not verify with the log key (${cp.error.kind}: ${cp.error.message})`;
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

/** A deposit certificate: every check on its own line, then the verdict. */
function runCertificateCheck(raw: unknown): number {
  const r = checkCertificate(raw);
  for (const c of r.checks) console.log(`${c.ok ? "✓" : "✗"} ${c.label}: ${c.detail}`);
  const s = r.statement;
  console.log(
    r.ok && s
      ? `OK: deposit certificate of “${s.title}” by ${s.publisher.name}, logged ${r.receivedAt} (log key ${(raw as { logVerifierKey: string }).logVerifierKey}: compare it with the log's published key)`
      : "FAILED: the certificate does not verify",
  );
  return r.ok ? 0 : 1;
}

function runCheck(file: string): number {
  try {
    const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
    if ((raw as { format?: unknown } | null)?.format === CERTIFICATE_FORMAT) return runCertificateCheck(raw);
  } catch {
    // Not JSON, or unreadable: readProofFile says which.
  }
  const p = readProofFile(file);
  if (typeof p === "string") {
    console.error(`FAILED: ${p}. Make one with \`npm run -s ledger -- prove <index> > file.json\`.`);
    return 2;
  }
  const problem = checkProof(p);
  console.log(problem ? `FAILED: ${problem}` : "OK: the entry is in the log under a validly signed checkpoint");
  return problem ? 1 : 0;
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
    const out: ProofFile = {
      origin: config.logOrigin,
      verifierKey: encodeVerifierKey(config.logOrigin, rawEd25519(keys.logPublic)),
      checkpoint: cp.note,
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
else process.exitCode = command.name === "check" ? runCheck(command.file) : await runWithDatabase(command);
