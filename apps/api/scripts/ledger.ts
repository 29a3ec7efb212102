// npm run ledger -- verify [--no-signatures]   audit the whole stored log; exit 1 naming the first bad index
// npm run ledger -- prove <index>              print an entry, its inclusion proof and the signed checkpoint (JSON)
// npm run ledger -- check <proof.json>         verify such a proof offline, without the database
import { readFileSync } from "node:fs";
import { dataDir as resolveDataDir, openDatabase } from "@vigil/db";
import { encodeVerifierKey, fromBase64, fromHex, hashLeaf, parseVerifierKey, toBase64, toHex, verifyCheckpoint, verifyInclusion } from "@vigil/log";
import { configFromEnv } from "../src/config.ts";
import { loadKeyRing, rawEd25519 } from "../src/keys.ts";
import { auditLog } from "../src/ledger/audit.ts";
import { Ledger } from "../src/ledger/ledger.ts";

const [cmd, arg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith("--")));
const config = configFromEnv();

interface ProofFile { origin: string; verifierKey: string; checkpoint: string; index: number; treeSize: number; payload: string; leafHash: string; proof: string[] }

function checkProof(p: ProofFile): string | null {
  const verifier = parseVerifierKey(p.verifierKey);
  if (!verifier) return "the verifier key is malformed";
  const cp = verifyCheckpoint(p.checkpoint, verifier);
  if (!cp) return "the checkpoint signature does not verify";
  if (cp.size !== p.treeSize) return `the checkpoint is for size ${cp.size}, the proof for ${p.treeSize}`;
  const leaf = hashLeaf(fromBase64(p.payload));
  if (toHex(leaf) !== p.leafHash) return "the leaf hash is not SHA-256(0x00 ‖ payload)";
  if (!verifyInclusion(leaf, p.index, p.treeSize, p.proof.map(fromHex), cp.root)) return "the inclusion proof does not lead to the checkpoint's root";
  return null;
}

if (cmd === "check") {
  let file: ProofFile;
  try {
    file = JSON.parse(readFileSync(arg!, "utf8")) as ProofFile;
  } catch (e) {
    console.error(`FAILED: cannot read ${arg} as a proof file (${(e as Error).message.split("\n")[0]}). Make it with \`npm run -s ledger -- prove <index> > file.json\`.`);
    process.exit(2);
  }
  const problem = checkProof(file);
  console.log(problem ? `FAILED: ${problem}` : "OK: the entry is in the log under a validly signed checkpoint");
  process.exit(problem ? 1 : 0);
}

const dir = resolveDataDir(config.dataDir);
const db = await openDatabase({ url: config.databaseUrl, dataDir: dir, migrate: false }).catch((e: Error) => { console.error(e.message); process.exit(2); });
const keys = loadKeyRing(dir);
try {
  if (cmd === "verify") {
    const tty = process.stderr.isTTY;
    let last = 0;
    const result = await auditLog(db, {
      origin: config.logOrigin, logPublicKey: keys.logPublic, signatures: !flags.has("--no-signatures"),
      progress: (done, total) => {
        const now = performance.now();
        if (now - last < 250 && done < total) return;
        last = now;
        const pct = total ? Math.floor((done / total) * 100) : 100;
        const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, ".");
        process.stderr.write(`${tty ? "\r" : ""}verifying [${bar}] ${pct}% ${done}/${total} entries${tty ? "" : "\n"}`);
      },
    });
    if (tty) process.stderr.write("\n");
    const rate = Math.round(result.size / Math.max(result.seconds, 1e-9));
    if (result.problem) {
      console.error(`FAILED at index ${result.problem.index}: ${result.problem.what}`);
      process.exitCode = 1;
    } else {
      console.log(`OK: ${result.size} entries, ${result.nodes} subtree hashes, ${result.checkpoints} checkpoints, ${result.signatures} entry signatures verified in ${result.seconds.toFixed(2)} s (${rate} entries/s)`);
    }
  } else if (cmd === "prove") {
    const index = Number(arg);
    const ledger = new Ledger(keys, config.logOrigin);
    const cp = await db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } });
    const entry = Number.isInteger(index) ? await db.prisma.logEntry.findUnique({ where: { index: BigInt(index) } }) : null;
    if (!entry || !cp || Number(cp.size) <= index) {
      console.error(`no entry ${arg} under the latest checkpoint (size ${cp?.size ?? 0})`);
      process.exitCode = 2;
    } else {
      const size = Number(cp.size);
      const proof = await ledger.inclusionProof(db.prisma, index, size);
      const out: ProofFile = {
        origin: config.logOrigin, verifierKey: encodeVerifierKey(config.logOrigin, rawEd25519(keys.logPublic)), checkpoint: cp.note,
        index, treeSize: size, payload: toBase64(new Uint8Array(entry.payload)), leafHash: toHex(new Uint8Array(entry.leafHash)), proof: proof.map(toHex),
      };
      console.log(JSON.stringify(out, null, 2));
    }
  } else {
    console.error("usage: npm run ledger -- verify [--no-signatures] | prove <index> | check <proof.json>");
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
