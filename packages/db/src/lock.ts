import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export class DirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `${dir} is in use by another Vigil process (pid ${pid}). PGlite allows one owner: stop it, or point DATABASE_URL at PostgreSQL to run several instances.`,
    );
    this.name = "DirectoryLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Exclusive ownership of an embedded database directory. PGlite has no cross-process lock and two
 * owners silently lose committed rows, so refuse loudly. A lock left by a killed process (kill -9)
 * names a dead pid and is taken over.
 */
export function lockDirectory(dir: string): () => void {
  const file = path.join(dir, "vigil.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) rmSync(file);
        } catch {
          /* already gone */
        }
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DirectoryLockedError(dir, pid);
      if (pid === process.pid) throw new DirectoryLockedError(dir, pid);
      rmSync(file, { force: true }); // stale: its owner is dead
    }
  }
  throw new Error(`could not lock ${dir}`);
}
