import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { BaseStatus, CheckCounts, CheckRecord, NewCheck, ServiceCounters } from "@/lib/model";
import { CheckIdGenerator } from "@/lib/store/check-id";
import { SqliteContext } from "@/lib/store/sqlite-context";
import { SqliteAlertStore } from "@/lib/store/sqlite-alerts";
import { pruneSqlite } from "@/lib/store/sqlite-prune";
import { listChecks } from "@/lib/store/sqlite-read";
import { openSchema, SLOT_MS } from "@/lib/store/sqlite-schema";
import { countsFor, countsForAll, latencySeriesFor, readRollups } from "@/lib/store/sqlite-stats";
import { writeBatch } from "@/lib/store/sqlite-write";
import { WriteHealth, type WriteReport } from "@/lib/store/write-health";
import { countsInSteps, DEFAULT_RETENTION_MS, DEFAULT_ROLLUP_RETENTION_MS, HOUR_MS } from "@/lib/store/stats";
import type { CheckPage, CheckQuery, CountsStep, HourlyRollup, LatencyPoint, PruneResult, RetentionOptions, Store, StoreHealth } from "@/lib/store/types";
import { copyCheck } from "@/lib/store/copy";

/** The history file's name inside the data directory. */
export const DB_FILE = "depwatch.db";

/** Options of the SQLite store beyond retention. */
export interface SqliteStoreOptions extends RetentionOptions {
  /** How long a queued write may wait before its batch is written, ms (default 250). */
  flushMs?: number;
  /** A batch is written as soon as this many checks are queued (default 500). */
  maxQueue?: number;
  /** Told about a prune that failed. */
  onError?: (err: unknown) => void;
  /** Told when background writes begin to fail, once a minute while they do, and when they recover. */
  onReport?: (report: NonNullable<WriteReport>) => void;
  /** Checks kept in memory at most while writes fail; the oldest are dropped beyond (default 100,000). */
  maxBacklog?: number;
}

/**
 * The default history store: one SQLite file (WAL) in a data directory. Appends get their id at
 * once and are written in batches, one transaction per batch, off the caller's path.
 */
export class SqliteStore implements Store {
  /** Full path of the database file. */
  readonly file: string;
  private readonly db: Database.Database;
  /** Incidents, notification queue and silences in the same file. */
  readonly alerts: SqliteAlertStore;
  /** The status log lives beside the incidents. */
  get statusLog(): SqliteAlertStore {
    return this.alerts;
  }
  private readonly ctx: SqliteContext;
  private readonly options: Required<Omit<SqliteStoreOptions, "onError" | "onReport">> & Pick<SqliteStoreOptions, "onError" | "onReport">;
  private readonly writes = new WriteHealth();
  /** While writes fail, no write is tried before this time (reads and appends do not retry). */
  private retryAt = 0;
  private readonly ids: CheckIdGenerator;
  private queue: CheckRecord[] = [];
  private counterQueue = new Map<string, ServiceCounters>();
  private timer?: ReturnType<typeof setTimeout>;
  private immediate = false;
  private readonly pruneTimer?: ReturnType<typeof setInterval>;
  private pruning?: Promise<PruneResult>;
  private closed = false;

  /** Opens (creating the directory and file on first use) the history under `dir`. */
  constructor(dir: string, options: SqliteStoreOptions = {}) {
    this.options = {
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      rollupRetentionMs: options.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS,
      pruneIntervalMs: options.pruneIntervalMs ?? HOUR_MS,
      flushMs: options.flushMs ?? 250,
      maxQueue: options.maxQueue ?? 500,
      maxBacklog: options.maxBacklog ?? 100_000,
      onError: options.onError,
      onReport: options.onReport,
    };
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, DB_FILE);
    this.db = new Database(this.file);
    try {
      openSchema(this.db);
      this.ctx = new SqliteContext(this.db);
      this.alerts = new SqliteAlertStore(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    // The highest id ever given out is saved with every batch (in the same transaction), so ids
    // continue after a restart and never repeat, even once a prune removed the newest checks.
    this.ids = new CheckIdGenerator((this.db.prepare("SELECT value FROM meta WHERE key = 'last_id'").pluck().get() as number | undefined) ?? 0);
    if (this.options.pruneIntervalMs > 0) {
      this.pruneTimer = setInterval(() => void this.prune(Date.now()).catch((err: unknown) => this.options.onError?.(err)), this.options.pruneIntervalMs);
      this.pruneTimer.unref();
    }
  }

  append(check: NewCheck): CheckRecord {
    if (this.closed) throw new Error("history store is closed");
    const record: CheckRecord = { ...copyCheck(check), id: this.ids.next(check.startedAt) };
    this.queue.push(record);
    if (this.queue.length > this.options.maxBacklog) {
      // Memory stays bounded while the disk is full: the oldest waiting checks go first.
      const over = this.queue.length - this.options.maxBacklog;
      this.queue.splice(0, over);
      this.writes.dropped += over;
    }
    this.schedule();
    return copyCheck(record);
  }

  saveCounters(serviceId: string, counters: ServiceCounters): void {
    if (this.closed) throw new Error("history store is closed");
    this.counterQueue.set(serviceId, { ...counters });
    this.schedule();
  }

  async listChecks(serviceId: string, query: CheckQuery): Promise<CheckPage> {
    this.writeQueued();
    return listChecks(this.ctx, serviceId, query);
  }

  async loadCounters(): Promise<Map<string, ServiceCounters>> {
    this.writeQueued();
    const rows = this.ctx.stmt("SELECT service, status, pass_streak, clean_streak, fail_streak, since FROM counters").all() as { service: number; status: BaseStatus; pass_streak: number; clean_streak: number; fail_streak: number; since: number }[];
    const out = new Map<string, ServiceCounters>();
    for (const r of rows) {
      const name = this.ctx.serviceName(r.service);
      if (name !== undefined) out.set(name, { status: r.status, passStreak: r.pass_streak, cleanStreak: r.clean_streak, failStreak: r.fail_streak, since: r.since });
    }
    return out;
  }

  async counts(serviceId: string, from: number, to?: number): Promise<CheckCounts> {
    this.writeQueued();
    return countsFor(this.ctx, serviceId, from, to);
  }

  async countsAll(from: number, to?: number): Promise<Map<string, CheckCounts>> {
    this.writeQueued();
    return countsForAll(this.ctx, from, to);
  }

  async countsAllInSteps(from: number, to: number): Promise<CountsStep[]> {
    this.writeQueued();
    // Steps on the span slots: every step but the first and the last is answered from spans alone.
    return countsInSteps(async (a, b) => countsForAll(this.ctx, a, b), from, to, SLOT_MS);
  }

  async rollups(serviceId: string, from: number, to: number): Promise<HourlyRollup[]> {
    this.writeQueued();
    return readRollups(this.ctx, serviceId, from, to);
  }

  async latencySeries(serviceId: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]> {
    this.writeQueued();
    return latencySeriesFor(this.ctx, serviceId, from, to, buckets);
  }

  prune(now: number): Promise<PruneResult> {
    if (this.closed) return Promise.resolve({ checks: 0, rollups: 0 });
    // One pass at a time; a second caller shares the running one.
    this.pruning ??= (async () => {
      try {
        this.writeQueued();
        await this.alerts.prune(now - this.options.retentionMs);
        return await pruneSqlite(this.ctx, now, { ...this.options, stopped: () => this.closed });
      } finally {
        this.pruning = undefined;
      }
    })();
    return this.pruning;
  }

  /** Whether background writes succeed, and how many checks wait in memory. */
  health(): StoreHealth {
    return this.writes.snapshot(this.queue.length);
  }

  async flush(): Promise<void> {
    this.writeQueued(true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.pruning?.catch(() => undefined);
    try {
      this.writeQueued(true);
    } finally {
      this.db.close();
    }
  }

  /** Arms the batch timer, or writes at once when the queue is long; while failing, waits for the retry. */
  private schedule(): void {
    if (this.writes.failing) {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.writeQueued();
      }, Math.max(0, this.retryAt - Date.now()));
      this.timer.unref();
      return;
    }
    if (this.queue.length >= this.options.maxQueue) {
      clearTimeout(this.timer);
      this.timer = undefined;
      if (!this.immediate) {
        this.immediate = true;
        setImmediate(() => {
          this.immediate = false;
          this.writeQueued();
        });
      }
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeQueued();
    }, this.options.flushMs);
    this.timer.unref();
  }

  /**
   * Writes the queue in one transaction; on failure the batch stays queued (and `rethrow` says so).
   * While writes fail, only the retry timer (or a flush) tries again, with a growing pause, so reads
   * and appends neither spin on a full disk nor log each failure (README "Storage failures").
   */
  private writeQueued(rethrow = false): void {
    if (this.db.open === false || (this.queue.length === 0 && this.counterQueue.size === 0)) return;
    const now = Date.now();
    if (!rethrow && this.writes.failing && now < this.retryAt) {
      // Not due yet (a timer may fire a millisecond early): make sure the retry stays armed.
      this.schedule();
      return;
    }
    const checks = this.queue;
    const counters = this.counterQueue;
    this.queue = [];
    this.counterQueue = new Map();
    try {
      writeBatch(this.ctx, checks, counters);
    } catch (err) {
      try {
        this.ctx.reload();
      } catch {
        // the file cannot even be read now; the next retry reloads again
      }
      this.queue = checks.concat(this.queue);
      for (const [k, v] of counters) if (!this.counterQueue.has(k)) this.counterQueue.set(k, v);
      const { report, retryInMs } = this.writes.failed(err, this.queue.length, now, this.options.flushMs);
      this.retryAt = now + retryInMs;
      if (report) this.options.onReport?.(report);
      if (rethrow) throw err;
      this.schedule();
      return;
    }
    const recovered = this.writes.succeeded(Date.now());
    if (recovered) this.options.onReport?.(recovered);
  }
}
