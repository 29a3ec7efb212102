/**
 * Command-line flags: `<role> --flag value ...`. Hand-written because the node takes a few flags per
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

export interface MirrorArgs {
  readonly role: "mirror";
  /** The log's base URL: `<log>/checkpoint` and `<log>/tile/entries/...` (C2SP tlog-tiles). */
  readonly log: string;
  readonly data: string;
  /** The pinned log verifier key: the mirror accepts only checkpoints it signed. */
  readonly logVkey: string;
  readonly name: string;
  /** Status endpoint port (`GET /status`, `GET /checkpoint`); null: no server. */
  readonly port: number | null;
  readonly host: string;
  /** Poll period; 0 syncs once and exits (0 synced, 1 failed, 3 fork evidence written). */
  readonly intervalMs: number;
  /** At most this many entry bundles per second (0: no limit), to be gentle with the log. */
  readonly rate: number;
  /** Delegates (tlog-witness URLs) whose cosigned checkpoints each round compares with the copy. */
  readonly witnesses: readonly string[];
}

export type NodeArgs = WitnessArgs | MirrorArgs;

export const USAGE = [
  "usage: npm run node -- witness --port PORT --data DIR --log-vkey VKEY [--log-vkey VKEY...] [--name NAME] [--host HOST]",
  "       npm run node -- mirror --log URL --data DIR --log-vkey VKEY [--name NAME] [--port PORT] [--host HOST]",
  "                              [--interval-ms MS (0: once)] [--rate BUNDLES_PER_S] [--witness URL...]   (token: VIGIL_MIRROR_TOKEN)",
].join("\n");

const FLAGS = {
  witness: ["port", "host", "data", "log-vkey", "name"],
  mirror: ["log", "data", "log-vkey", "name", "port", "host", "interval-ms", "rate", "witness"],
};

export function parseArgs(argv: readonly string[]): NodeArgs {
  const [role, ...rest] = argv;
  if (role !== "witness" && role !== "mirror")
    throw new UsageError(`unknown role ${JSON.stringify(role ?? "")}: this node has the roles "witness" and "mirror"`);
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!flag.startsWith("--") || value === undefined) throw new UsageError(`expected "--flag value", got ${JSON.stringify(flag)}`);
    flags.set(flag.slice(2), [...(flags.get(flag.slice(2)) ?? []), value]);
  }
  for (const k of flags.keys()) if (!FLAGS[role].includes(k)) throw new UsageError(`unknown flag --${k} for the ${role} role`);
  const one = (k: string): string | undefined => {
    const v = flags.get(k);
    if (v && v.length > 1) throw new UsageError(`--${k} given twice`);
    return v?.[0];
  };
  const count = (k: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = one(k);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${k} must be a whole number from 0 to ${max}`);
    return n;
  };
  const data = one("data");
  if (!data) throw new UsageError("--data DIR is required");
  const host = one("host") ?? "127.0.0.1";
  if (role === "mirror") {
    const log = one("log");
    if (!log || !/^https?:\/\/[^/]+/.test(log)) throw new UsageError("--log URL (http:// or https://) is required");
    const logVkey = one("log-vkey");
    if (!logVkey) throw new UsageError("--log-vkey VKEY is required");
    const port = one("port") === undefined ? null : count("port", 0, 65535);
    return {
      role,
      log: log.replace(/\/+$/, ""),
      data,
      logVkey,
      name: one("name") ?? "mirror.vigil.local",
      port,
      host,
      intervalMs: count("interval-ms", 5000),
      rate: count("rate", 0),
      witnesses: flags.get("witness") ?? [],
    };
  }
  const port = Number(one("port"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be a port number (0 picks a free one)");
  const logVkeys = flags.get("log-vkey") ?? [];
  if (logVkeys.length === 0) throw new UsageError("--log-vkey VKEY is required");
  const name = one("name") ?? "witness.vigil.local";
  return { role: "witness", port, host, data, logVkeys, name };
}
