/**
 * Command-line flags: `<role> --flag value ...`. Hand-written because the node takes four flags per
 * role and node:util's parseArgs would still need the role and the required-flag checks written here.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface WitnessArgs {
  readonly role: "witness";
  readonly port: number;
  readonly host: string;
  readonly data: string;
  /** The pinned log verifier key(s): the only logs this witness cosigns for. */
  readonly logVkeys: readonly string[];
  readonly name: string;
}

export type NodeArgs = WitnessArgs;

export const USAGE = "usage: npm run node -- witness --port PORT --data DIR --log-vkey VKEY [--log-vkey VKEY...] [--name NAME] [--host HOST]";

export function parseArgs(argv: readonly string[]): NodeArgs {
  const [role, ...rest] = argv;
  if (role !== "witness") throw new UsageError(`unknown role ${JSON.stringify(role ?? "")}: this node has the role "witness"`);
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!flag.startsWith("--") || value === undefined) throw new UsageError(`expected "--flag value", got ${JSON.stringify(flag)}`);
    flags.set(flag.slice(2), [...(flags.get(flag.slice(2)) ?? []), value]);
  }
  for (const k of flags.keys()) if (!["port", "host", "data", "log-vkey", "name"].includes(k)) throw new UsageError(`unknown flag --${k}`);
  const one = (k: string): string | undefined => {
    const v = flags.get(k);
    if (v && v.length > 1) throw new UsageError(`--${k} given twice`);
    return v?.[0];
  };
  const port = Number(one("port"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be a port number (0 picks a free one)");
  const data = one("data");
  if (!data) throw new UsageError("--data DIR is required");
  const logVkeys = flags.get("log-vkey") ?? [];
  if (logVkeys.length === 0) throw new UsageError("--log-vkey VKEY is required");
  const name = one("name") ?? "witness.vigil.local";
  return { role: "witness", port, host: one("host") ?? "127.0.0.1", data, logVkeys, name };
}
