/** Failed logins allowed per client address inside one window (README "Authentication"). */
export const LOGIN_FAILURES_ALLOWED = 10;

/** The window failed logins are counted in, ms. */
export const LOGIN_WINDOW_MS = 5 * 60_000;

/** Addresses tracked at most; the longest-idle one is forgotten first. */
const MAX_CLIENTS = 10_000;

/** Whether a login may be tried now, or how many seconds until it may. */
export type LoginGate = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * Counts failed logins per client address in a sliding window: past the limit, logins from that
 * address are refused (429 with Retry-After) until the oldest failure leaves the window.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly allowed = LOGIN_FAILURES_ALLOWED,
    private readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  /** Whether this address may try to log in now. */
  check(client: string, now = Date.now()): LoginGate {
    const recent = this.recent(client, now);
    if (recent.length < this.allowed) return { allowed: true };
    const oldest = recent[recent.length - this.allowed] ?? now;
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }

  /** Records a failed login from this address. */
  fail(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.allowed));
    while (this.failures.size > MAX_CLIENTS) {
      const idle = this.failures.keys().next().value;
      if (idle === undefined) break;
      this.failures.delete(idle);
    }
  }

  /** Forgets an address's failures after it logged in. */
  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((t) => t > now - this.windowMs);
  }
}
