/**
 * The accounts this process has read for sign-in checks, kept only while the database tells it of every change:
 * triggers on "User" and "Department" NOTIFY `vigil_accounts` at the commit of any update or delete, by the API or
 * by hand (migration 20261203203000_account_change_notify). So a disabled, demoted or deleted user loses access
 * as soon as the notification arrives, on every instance, and a request costs no database round trip to say who
 * is asking. While notifications are not being received (the listening connection is lost) nothing is kept.
 *
 * Why a kept row is never older than the last change told: a change drops the row (or every row, for a department),
 * and a read that was under way when a change was told is not kept (the epoch moved), since it may have read the
 * row before that change committed.
 */
export class AccountCache<R> {
  private readonly rows = new Map<number, R>();
  private listening = false;
  private epoch = 0;

  constructor(private readonly max = 10_000) {}

  /** A NOTIFY payload: `User:<id>` drops that account; `Department:<id>` drops every account (rare: keys, names). */
  changed(payload: string): void {
    this.epoch++;
    const [table, id] = payload.split(":");
    if (table === "User" && id) this.rows.delete(Number(id));
    else this.rows.clear();
  }

  /** Whether notifications are received: any change may have gone untold across a gap, so a change of state drops all. */
  state(listening: boolean): void {
    this.epoch++;
    this.rows.clear();
    this.listening = listening;
  }

  /** This process changed the account: drop it now, before its own notification comes back. */
  forget(id: number): void {
    this.epoch++;
    this.rows.delete(id);
  }

  /** The kept row, or `read()` (kept if nothing changed meanwhile). An absent account is never kept. */
  async get(id: number, read: () => Promise<R | undefined>): Promise<R | undefined> {
    if (this.listening) {
      const kept = this.rows.get(id);
      if (kept !== undefined) return kept;
    }
    const epoch = this.epoch;
    const row = await read();
    if (row !== undefined && this.listening && epoch === this.epoch) {
      if (this.rows.size >= this.max) this.rows.clear();
      this.rows.set(id, row);
    }
    return row;
  }
}
