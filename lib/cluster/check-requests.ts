import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { RelayedCheck } from "@/lib/cluster/relay";

/** What the request table needs, passed in. */
export interface CheckRequestOptions {
  pool: pg.Pool;
  instanceId: string;
  /** The services this instance holds the lease of now. */
  owned: () => ReadonlySet<string>;
  /** Runs a manual check of an owned service (joining one in flight) and gives it with its counters. */
  run: (service: string) => Promise<RelayedCheck | undefined>;
  onError?: (err: unknown) => void;
  /** How often requests and answers are looked for, ms (default 150). */
  pollMs?: number;
  /** How long a request may wait for an owner to claim it before it runs where it was asked, ms (default 2,000). */
  claimMs?: number;
}

/** An answer to a request: the owner's check, or `unclaimed` when nobody took it (run it here). */
export type RequestAnswer = { item: RelayedCheck } | { unclaimed: true };

interface Pending {
  resolve: (a: RequestAnswer) => void;
  reject: (e: Error) => void;
  claimBy: number;
  claimed: boolean;
}

// Rows left behind by an instance that died while waiting are removed after this long.
const STALE_MS = 10 * 60_000;

/**
 * Check-now through the database (README.md "Several instances"), for instances that cannot use
 * LISTEN/NOTIFY: the asking instance writes a request row, the instance holding the service's lease
 * claims it with a conditional update, runs the check once and writes the finished check back.
 * A request nobody claims in time is withdrawn (again conditionally) and runs where it was asked,
 * so a check runs exactly once whether or not the owner answers.
 */
export class CheckRequests {
  private readonly pending = new Map<string, Pending>();
  private timer?: ReturnType<typeof setInterval>;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(private readonly o: CheckRequestOptions) {}

  /** Starts looking for requests to serve and answers to collect. */
  start(): void {
    this.timer = setInterval(() => void this.poll(), this.o.pollMs ?? 150);
    this.timer.unref();
  }

  /** Looks now (e.g. on a hint that a request was written). */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.polling ??= this.round()
      .catch((err: unknown) => this.o.onError?.(err))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Asks the owner of `service` to check it; rejects after `boundMs` without an answer. */
  async ask(service: string, boundMs: number): Promise<RequestAnswer> {
    const id = randomBytes(8).toString("hex");
    try {
      await this.o.pool.query("INSERT INTO check_requests (id, service, requester) VALUES ($1, $2, $3)", [id, service, this.o.instanceId]);
    } catch (err) {
      // Nobody can be asked without the database: the check runs here.
      this.o.onError?.(err);
      return { unclaimed: true };
    }
    return new Promise<RequestAnswer>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        void this.o.pool.query("DELETE FROM check_requests WHERE id = $1", [id]).catch(() => undefined);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the instance checking ${service} did not answer within ${Math.round(boundMs / 1000)} s`));
      }, boundMs);
      this.pending.set(id, {
        resolve: (a) => {
          done();
          resolve(a);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        claimBy: Date.now() + (this.o.claimMs ?? 2_000),
        claimed: false,
      });
    });
  }

  /** Stops polling; requests still waiting are refused. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
    for (const p of this.pending.values()) p.reject(new Error("check refused: the dashboard is shutting down"));
  }

  private async round(): Promise<void> {
    await this.serve();
    if (this.pending.size > 0) await this.collect();
  }

  /** Claims the requests for services this instance owns and runs them, each once. */
  private async serve(): Promise<void> {
    const owned = [...this.o.owned()];
    if (owned.length === 0) return;
    const { rows } = await this.o.pool.query<{ id: string; service: string }>(
      // Only while the lease is held by the database's clock: an instance that lost it but has not
      // noticed yet leaves the request to the new holder (or to the asker).
      `UPDATE check_requests SET claimed_by = $1 WHERE claimed_by IS NULL AND service = ANY($2::text[])
         AND created_at > now() - $3::int * interval '1 millisecond'
         AND service IN (SELECT service FROM leases WHERE owner = $1 AND expires_at > now()) RETURNING id, service`,
      [this.o.instanceId, owned, STALE_MS],
    );
    for (const r of rows) void this.answer(r.id, r.service);
    if (Math.random() < 0.01) await this.o.pool.query("DELETE FROM check_requests WHERE created_at < now() - $1::int * interval '1 millisecond'", [STALE_MS]);
  }

  private async answer(id: string, service: string): Promise<void> {
    let item: RelayedCheck | undefined;
    let error: string | undefined;
    try {
      item = await this.o.run(service);
      if (!item) error = "unknown service";
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    await this.o.pool.query("UPDATE check_requests SET answer = $2, error = $3 WHERE id = $1", [id, item ? JSON.stringify(item) : null, error ?? null]).catch((err: unknown) => this.o.onError?.(err));
  }

  /** Reads the answers to this instance's requests; withdraws those nobody claimed in time. */
  private async collect(): Promise<void> {
    const ids = [...this.pending.keys()];
    const { rows } = await this.o.pool.query<{ id: string; claimed_by: string | null; answer: RelayedCheck | null; error: string | null }>(
      "SELECT id, claimed_by, answer, error FROM check_requests WHERE id = ANY($1::text[])",
      [ids],
    );
    const now = Date.now();
    for (const r of rows) {
      const p = this.pending.get(r.id);
      if (!p) continue;
      p.claimed ||= r.claimed_by !== null;
      if (r.answer) p.resolve({ item: r.answer });
      else if (r.error !== null) p.reject(new Error(r.error));
      else if (!p.claimed && now >= p.claimBy) {
        // Withdrawn only if still unclaimed: an owner that claimed it meanwhile answers instead.
        const gone = await this.o.pool.query("DELETE FROM check_requests WHERE id = $1 AND claimed_by IS NULL", [r.id]);
        if (gone.rowCount === 1) p.resolve({ unclaimed: true });
        else p.claimed = true;
      }
    }
  }
}
