import pg from "pg";
import type { CheckCounts, CheckRecord, NewCheck, ServiceCounters } from "@/lib/model";
import { CheckIdGenerator } from "@/lib/store/check-id";
import { PostgresAlertStore } from "@/lib/store/postgres-alerts";
import { PgContext, withClient } from "@/lib/store/postgres-context";
import { SharedStatusLog } from "@/lib/store/postgres-status-log";
import { checksAfter, type FedCheck } from "@/lib/store/postgres-feed";
import { prunePostgres } from "@/lib/store/postgres-prune";
import { listPgChecks } from "@/lib/store/postgres-read";
import { migratePostgres } from "@/lib/store/postgres-schema";
import { pgCounts, pgCountsAll, pgLatencySeries, pgRollups } from "@/lib/store/postgres-stats";
import { writePgBatch } from "@/lib/store/postgres-write";
import { SLOT_MS } from "@/lib/store/sqlite-schema";
import { countsInSteps, DEFAULT_RETENTION_MS, DEFAULT_ROLLUP_RETENTION_MS, HOUR_MS } from "@/lib/store/stats";
import type { CheckPage, CheckQuery, CountsStep, HourlyRollup, LatencyPoint, PruneResult, RetentionOptions, Store, StoreHealth } from "@/lib/store/types";
import { copyCheck } from "@/lib/store/copy";

/** Options of the PostgreSQL store beyond retention. */
export interface PostgresStoreOptions extends RetentionOptions {
  /** How long a queued write may wait before its batch is written, ms (default 250). */
  flushMs?: number;
  /** A batch is written as soon as this many checks are queued (default 500). */
  maxQueue?: number;
  /** Connections in the pool (default 4). */
  poolSize?: number;
  /** Told about a background write or prune that failed; the batch stays queued for the next try. */
  onError?: (err: unknown) => void;
}

/** How long a failed write waits before the next try, ms. */
const RETRY_MS = 1_000;

// bigint columns hold epoch ms and check ids, all below 2^53: read them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser,
};

/** Opens a pool on `url` that reads bigint columns as numbers; `queryTimeoutMs` bounds each query. */
export function openPgPool(url: string, max = 4, queryTimeoutMs?: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5_000, query_timeout: queryTimeoutMs });
  // An idle client losing its server is reported here; the next query reconnects.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * History in PostgreSQL (SPEC §6, README.md "Several instances"), shared by any number of
 * instances. Appends get a time-ordered id at once (no coordination needed) and are written in
 * batches, one transaction each, off the caller's path; reads first write what is queued.
 */
export class PostgresStore implements Store {
  /** The connection pool, shared with the cluster coordination (lib/cluster). */
  readonly pool: pg.Pool;
  /** Incidents, the notification queue and silences, shared by every instance. */
  readonly alerts: PostgresAlertStore;
  /** The status log behind uptime, shared by every instance. */
  readonly statusLog: SharedStatusLog;
  private readonly ctx: PgContext;
  private readonly options: Required<Omit<PostgresStoreOptions, "onError" | "poolSize">> & Pick<PostgresStoreOptions, "onError">;
  private queue: CheckRecord[] = [];
  private counterQueue = new Map<string, ServiceCounters>();
  private timer?: ReturnType<typeof setTimeout>;
  private writing: Promise<void> = Promise.resolve();
  private readonly pruneTimer?: ReturnType<typeof setInterval>;
  private pruning?: Promise<PruneResult>;
  private closed = false;
  /** Time-ordered ids that need no single writer (lib/store/check-id.ts). */
  private readonly ids = new CheckIdGenerator();
  /** After a failed write, batches wait until this time instead of hammering a database that is away. */
  private retryAt = 0;
  private failingSince?: number;
  private lastError?: string;

  private constructor(pool: pg.Pool, options: PostgresStoreOptions) {
    this.pool = pool;
    this.ctx = new PgContext(pool);
    this.alerts = new PostgresAlertStore(pool);
    this.statusLog = new SharedStatusLog(pool, options.onError);
    this.options = {
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      rollupRetentionMs: options.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS,
      pruneIntervalMs: options.pruneIntervalMs ?? HOUR_MS,
      flushMs: options.flushMs ?? 250,
      maxQueue: options.maxQueue ?? 500,
      onError: options.onError,
    };
    if (this.options.pruneIntervalMs > 0) {
      this.pruneTimer = setInterval(() => void this.prune(Date.now()).catch((err: unknown) => this.options.onError?.(err)), this.options.pruneIntervalMs);
      this.pruneTimer.unref();
    }
  }

  /** Connects, brings the schema up to date (once, whatever else starts at the same time) and opens the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = openPgPool(url, options.poolSize ?? 4);
    try {
      await migratePostgres(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    const store = new PostgresStore(pool, options);
    try {
      await store.statusLog.load();
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  append(check: NewCheck): CheckRecord {
    if (this.closed) throw new Error("history store is closed");
    const record: CheckRecord = { ...copyCheck(check), id: this.ids.next(check.startedAt) };
    this.queue.push(record);
    this.schedule();
    return copyCheck(record);
  }

  saveCounters(serviceId: string, counters: ServiceCounters): void {
    if (this.closed) throw new Error("history store is closed");
    this.counterQueue.set(serviceId, { ...counters });
    this.schedule();
  }

  async listChecks(serviceId: string, query: CheckQuery): Promise<CheckPage> {
    await this.settle();
    return listPgChecks(this.ctx, serviceId, query);
  }

  async loadCounters(): Promise<Map<string, ServiceCounters>> {
    await this.settle();
    const { rows } = await this.pool.query<{ name: string; status: ServiceCounters["status"]; pass_streak: number; clean_streak: number; fail_streak: number; since: number }>(
      "SELECT s.name, c.status, c.pass_streak, c.clean_streak, c.fail_streak, c.since FROM counters c JOIN services s ON s.id = c.service",
    );
    return new Map(rows.map((r) => [r.name, { status: r.status, passStreak: r.pass_streak, cleanStreak: r.clean_streak, failStreak: r.fail_streak, since: r.since }]));
  }

  async counts(serviceId: string, from: number, to?: number): Promise<CheckCounts> {
    await this.settle();
    return pgCounts(this.ctx, serviceId, from, to);
  }

  async countsAll(from: number, to?: number): Promise<Map<string, CheckCounts>> {
    await this.settle();
    return pgCountsAll(this.ctx, from, to);
  }

  async countsAllInSteps(from: number, to: number): Promise<CountsStep[]> {
    await this.settle();
    // Steps on the span slots, as the SQLite store does: inner steps come from spans alone.
    return countsInSteps(async (a, b) => pgCountsAll(this.ctx, a, b), from, to, SLOT_MS);
  }

  async rollups(serviceId: string, from: number, to: number): Promise<HourlyRollup[]> {
    await this.settle();
    return pgRollups(this.ctx, serviceId, from, to);
  }

  async latencySeries(serviceId: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]> {
    await this.settle();
    return pgLatencySeries(this.ctx, serviceId, from, to, buckets);
  }

  prune(now: number): Promise<PruneResult> {
    if (this.closed) return Promise.resolve({ checks: 0, rollups: 0 });
    this.pruning ??= (async () => {
      try {
        await this.settle();
        const result = await prunePostgres(this.ctx, now, { ...this.options, stopped: () => this.closed });
        await this.alerts.prune(now - this.options.retentionMs);
        await this.statusLog.prune(now);
        return result;
      } finally {
        this.pruning = undefined;
      }
    })();
    return this.pruning;
  }

  async flush(): Promise<void> {
    await this.writeQueued(true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    clearTimeout(this.timer);
    await this.pruning?.catch(() => undefined);
    try {
      await this.writeQueued(true);
      await this.statusLog.flush();
    } finally {
      await this.pool.end();
    }
  }

  /** Checks of every service stored with an id above `afterId`, oldest first (the relay's polling fallback). */
  async checksAfter(afterId: number, limit?: number): Promise<FedCheck[]> {
    return checksAfter(this.ctx, afterId, limit);
  }

  /** Whether background writes succeed (README.md "Storage failures"); checks wait in memory meanwhile. */
  health(): StoreHealth {
    if (this.failingSince === undefined) return { status: "ok", backlog: this.queue.length, dropped: 0 };
    return { status: "failing", since: this.failingSince, error: this.lastError, backlog: this.queue.length, dropped: 0 };
  }

  /** Whether the database answers a trivial query within `timeoutMs`. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    const probe = this.pool.query("SELECT 1").then(() => true, () => false);
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([probe, late]);
  }

  /** Reads see everything appended so far: a failed write is left queued and the read goes on. */
  private async settle(): Promise<void> {
    await this.writeQueued(false);
  }

  private schedule(): void {
    const wait = this.retryAt - Date.now();
    if (wait <= 0 && this.queue.length >= this.options.maxQueue) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.writeQueued(false);
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeQueued(false);
    }, Math.max(wait, this.options.flushMs));
    this.timer.unref();
  }

  /** Writes the queue (one batch at a time); on failure it stays queued and `rethrow` says so. */
  private writeQueued(rethrow: boolean): Promise<void> {
    const run = this.writing.then(async () => {
      if (this.queue.length === 0 && this.counterQueue.size === 0) return;
      const checks = this.queue;
      const counters = this.counterQueue;
      this.queue = [];
      this.counterQueue = new Map();
      try {
        await withClient(this.pool, (client) => {
          this.retryAt = 0;
          return writePgBatch(this.ctx, client, checks, counters);
        });
        this.failingSince = undefined;
      } catch (err) {
        this.queue = checks.concat(this.queue);
        for (const [k, v] of counters) if (!this.counterQueue.has(k)) this.counterQueue.set(k, v);
        this.retryAt = Date.now() + RETRY_MS;
        this.failingSince ??= Date.now();
        this.lastError = err instanceof Error ? err.message : String(err);
        if (rethrow) throw err;
        this.options.onError?.(err);
        if (!this.closed) this.schedule();
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
