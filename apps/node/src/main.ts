/**
 * The Vigil node: one program, one role per process. Thin on purpose: flags → role → run; the
 * protocol decisions live in @vigil/log.
 */
import { USAGE, UsageError, parseArgs } from "./args.ts";
import { runMirror } from "./mirror/main.ts";
import { runWitness } from "./witness/main.ts";

const log = (line: string) => process.stdout.write(`${line}\n`);

try {
  const args = parseArgs(process.argv.slice(2));
  const node = args.role === "mirror" ? await runMirror(args, process.env, log) : await runWitness(args, process.env, log);
  if ("once" in node && node.once) {
    await node.close();
    process.exit(node.exitCode);
  }
  const stop = () => {
    node.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Started by a parent with an IPC channel (the portal's local delegates): die with it, even after its SIGKILL.
  if (process.send) process.once("disconnect", stop);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
