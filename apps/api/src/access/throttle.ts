/**
 * Failed-login throttle: after `max` failures within `windowMs` for one account or one client address,
 * further attempts are refused until the window passes. Per process: behind a load balancer each instance
 * keeps its own count, which still bounds guessing to max × instances per window.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now = () => Date.now(),
  ) {}

  /** Seconds until `keys` may try again, or 0 if they may now. */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((at) => t - at < this.windowMs);
      this.failures.set(key, recent);
      if (recent.length >= this.max) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - t) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const key of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), this.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
