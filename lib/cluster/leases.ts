import type { Pool } from "pg";
import { preferredOwner } from "@/lib/cluster/rendezvous";

/** A live instance as the membership table shows it. */
export interface Member {
  id: string;
  configHash: string;
}

/** What the lease keeper needs, all passed in. */
export interface LeaseKeeperOptions {
  pool: Pool;
  instanceId: string;
  configHash: string;
  /** How long a lease lasts without renewal, ms. */
  ttlMs: number;
  /** Renewal period, ms (default a fifth of the lease). */
  beatMs?: number;
  /** The services this instance could check, with their intervals. */
  services: () => readonly { id: string; interval: number }[];
  /** The next unstarted slot of an owned service, saved with the lease so a new owner keeps the cadence. */
  dueOf: (id: string) => number | undefined;
  /** The owned set changed; `due` gives start times of services just gained. */
  onChange: (owned: ReadonlySet<string>, due: ReadonlyMap<string, number>) => void;
  onError?: (err: unknown) => void;
}

const MS = "* interval '1 millisecond'";

/**
 * Ownership of scheduled checks, kept in the database (README.md "Several instances"): one lease
 * row per service, claimed by a conditional upsert and renewed every beat. Rendezvous hashing over
 * the live members says who should hold each lease, so load spreads evenly and a joining instance
 * is handed its share; a lease is only ever taken once free or expired, so two instances never
 * hold one together. An instance that cannot renew stops checking before its leases expire.
 */
export class LeaseKeeper {
  /** Services whose lease this instance holds. */
  owned: ReadonlySet<string> = new Set();
  /** The live instances seen at the last beat. */
  members: Member[] = [];
  private readonly beatMs: number;
  private timer?: ReturnType<typeof setInterval>;
  private watchdog?: ReturnType<typeof setTimeout>;
  private ticking?: Promise<void>;
  private stopped = false;

  constructor(private readonly o: LeaseKeeperOptions) {
    this.o = { ...o };
    this.beatMs = o.beatMs ?? Math.max(100, Math.floor(o.ttlMs / 5));
  }

  /** Sets the config fingerprint sent with the next beats. */
  setConfigHash(hash: string): void {
    this.o.configHash = hash;
  }

  /** Joins and starts beating; resolves after the first beat. */
  async start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.beatMs);
    this.timer.unref();
    await this.tick();
  }

  /** One beat now (joins a beat in progress): membership, renewal, hand-over and claims. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.beat().catch((err: unknown) => this.o.onError?.(err)).finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Stops beating and releases every lease at once, with its next slot, for another instance to take. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.watchdog);
    await this.ticking;
    const ids = [...this.owned];
    const due = ids.map((id) => this.o.dueOf(id) ?? null);
    this.set(new Set(), new Map());
    const { pool, instanceId } = this.o;
    await pool.query(
      `UPDATE leases SET owner = NULL, expires_at = now(), released = true, next_due = coalesce(v.due, leases.next_due)
       FROM unnest($2::text[], $3::bigint[]) AS v(service, due) WHERE leases.service = v.service AND leases.owner = $1`,
      [instanceId, ids, due],
    );
    await pool.query("DELETE FROM instances WHERE id = $1", [instanceId]);
  }

  private async beat(): Promise<void> {
    const { pool, instanceId: me, ttlMs } = this.o;
    const sent = performance.now();
    await pool.query(
      `INSERT INTO instances (id, seen_at, started_at, config_hash) VALUES ($1, now(), now(), $2)
       ON CONFLICT (id) DO UPDATE SET seen_at = now(), config_hash = excluded.config_hash`,
      [me, this.o.configHash],
    );
    const live = await pool.query<{ id: string; config_hash: string }>(`SELECT id, config_hash FROM instances WHERE seen_at > now() - $1::int ${MS} ORDER BY id`, [ttlMs]);
    this.members = live.rows.map((r) => ({ id: r.id, configHash: r.config_hash }));
    const memberIds = this.members.map((m) => m.id);
    const services = this.o.services();
    const known = new Set(services.map((s) => s.id));
    const mine = [...this.owned];
    const renewed = await pool.query<{ service: string }>(
      `UPDATE leases SET expires_at = now() + $2::int ${MS}, released = false, next_due = coalesce(v.due, leases.next_due)
       FROM unnest($3::text[], $4::bigint[]) AS v(service, due) WHERE leases.service = v.service AND leases.owner = $1 RETURNING leases.service`,
      [me, ttlMs, mine, mine.map((id) => this.o.dueOf(id) ?? null)],
    );
    if (this.stopped) return;
    // Renewed leases last until at least sent + ttl on the database's clock, so stopping a margin
    // earlier by this clock guarantees no check starts once another instance may hold the lease.
    this.arm(sent + ttlMs - Math.max(50, this.beatMs / 2));
    const kept = new Set(renewed.rows.map((r) => r.service));
    const handOver = [...kept].filter((id) => !known.has(id) || preferredOwner(id, memberIds) !== me);
    for (const id of handOver) kept.delete(id);
    if (handOver.length > 0) {
      const due = handOver.map((id) => this.o.dueOf(id) ?? null);
      this.set(kept, new Map());
      await pool.query(
        `UPDATE leases SET owner = NULL, expires_at = now(), released = true, next_due = coalesce(v.due, leases.next_due)
         FROM unnest($2::text[], $3::bigint[]) AS v(service, due) WHERE leases.service = v.service AND leases.owner = $1`,
        [me, handOver, due],
      );
    }
    // Candidates: services without a lease or with an expired one. A service whose preferred owner
    // is another instance is only rescued once its lease has been expired a whole lease long.
    const free = await pool.query<{ service: string; orphaned: boolean }>(
      `SELECT s AS service, coalesce(l.expires_at < now() - $2::int ${MS}, true) AS orphaned FROM unnest($1::text[]) AS s
       LEFT JOIN leases l ON l.service = s WHERE l.service IS NULL OR l.expires_at < now()`,
      [services.map((s) => s.id).filter((id) => !kept.has(id)), ttlMs],
    );
    const wanted = free.rows.filter((r) => r.orphaned || preferredOwner(r.service, memberIds) === me).map((r) => r.service);
    const due = new Map<string, number>();
    if (wanted.length > 0) {
      const claimed = await pool.query<{ service: string; next_due: number | null; released: boolean; taken_after: number | null }>(
        `INSERT INTO leases (service, owner, expires_at) SELECT s, $1, now() + $2::int ${MS} FROM unnest($3::text[]) AS s
         ON CONFLICT (service) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, taken_after = leases.expires_at
         WHERE leases.expires_at < now()
         RETURNING service, next_due, released, (extract(epoch FROM taken_after) * 1000)::bigint AS taken_after`,
        [me, ttlMs, wanted],
      );
      const intervals = new Map(services.map((s) => [s.id, s.interval]));
      const now = Date.now();
      for (const r of claimed.rows) {
        kept.add(r.service);
        if (r.next_due === null) continue;
        // A released slot never started: it runs (at once when already due). An expired owner
        // started nothing once its lease ran out, but may have started any slot of its cadence
        // before (an instance cut off from the database keeps checking until just before): the
        // new owner runs the first slot of that cadence at or after the expiry, so a slot never
        // runs twice and one that ran just before is followed a whole interval later. Checked
        // again within two intervals of the last check while the lease is shorter than the interval.
        const step = intervals.get(r.service) ?? 10_000;
        if (r.released) {
          due.set(r.service, Math.max(now, r.next_due));
          continue;
        }
        const expired = Math.max(r.next_due, r.taken_after ?? now);
        due.set(r.service, Math.max(now, r.next_due + Math.ceil((expired - r.next_due) / step) * step));
      }
    }
    if (!this.stopped) this.set(kept, due);
  }

  private set(owned: Set<string>, due: Map<string, number>): void {
    const same = owned.size === this.owned.size && [...owned].every((id) => this.owned.has(id));
    this.owned = owned;
    if (!same) this.o.onChange(owned, due);
  }

  /** Drops every lease locally when no renewal succeeded before `at` (performance.now time). */
  private arm(at: number): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.owned.size > 0) {
        this.o.onError?.(new Error(`lease renewal failed for ${this.o.ttlMs} ms: stopped checking ${this.owned.size} service(s) until the database answers`));
        this.set(new Set(), new Map());
      }
    }, Math.max(0, at - performance.now()));
    this.watchdog.unref();
  }
}
