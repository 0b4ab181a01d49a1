import type { Pool } from "pg";
import type { StatusChange, StatusLogStore } from "@/lib/store/alert-types";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";

/** Uptime reaches back 90 days: what a start loads of the shared log. */
const LOAD_MS = 90 * 86_400_000;
/** The log is tiny, so it is kept a year whatever the retention (as in SQLite). */
const KEEP_MS = 365 * 86_400_000;

/**
 * The status log behind uptime, shared through PostgreSQL (README.md "Uptime"). Uptime is read
 * synchronously, so reads come from an in-memory mirror: filled from the shared table at start,
 * then fed with this instance's own changes, which are written to the table in the background.
 * Every instance writes what it sees, so the table holds each change once per instance that saw
 * it, a few milliseconds apart; uptime integrates them the same.
 */
export class SharedStatusLog implements StatusLogStore {
  private readonly mirror = memoryAlertStore();
  private queue: StatusChange[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly pool: Pool, private readonly onError?: (err: unknown) => void) {}

  /** Loads the last 90 days of the shared log, and each service's last change before them. */
  async load(now = Date.now()): Promise<void> {
    const { rows } = await this.pool.query<StatusChange>(
      `SELECT service, at, status FROM status_log WHERE at >= $1
       UNION ALL (SELECT DISTINCT ON (service) service, at, status FROM status_log WHERE at < $1 ORDER BY service, at DESC)`,
      [now - LOAD_MS],
    );
    this.mirror.logStatuses(rows);
  }

  logStatuses(changes: readonly StatusChange[]): void {
    if (changes.length === 0) return;
    this.mirror.logStatuses(changes);
    this.queue.push(...changes);
    void this.flush().catch((err: unknown) => this.onError?.(err));
  }

  statusLog(service: string, from: number, to: number): StatusChange[] {
    return this.mirror.statusLog(service, from, to);
  }

  statusLogAll(from: number, to: number): Map<string, StatusChange[]> {
    return this.mirror.statusLogAll(from, to);
  }

  lastStatuses(): Map<string, string> {
    return this.mirror.lastStatuses();
  }

  /** Writes the queued changes (one batch at a time); a failed batch stays queued for the next one. */
  flush(): Promise<void> {
    const run = this.writing.then(async () => {
      const batch = this.queue;
      if (batch.length === 0) return;
      this.queue = [];
      try {
        await this.pool.query(
          "INSERT INTO status_log (service, at, status) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT (service, at) DO UPDATE SET status = excluded.status",
          [batch.map((c) => c.service), batch.map((c) => c.at), batch.map((c) => c.status)],
        );
      } catch (err) {
        this.queue = batch.concat(this.queue);
        throw err;
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Deletes changes older than a year, keeping each service's last one. */
  async prune(now = Date.now()): Promise<void> {
    await this.pool.query("DELETE FROM status_log l WHERE at < $1 AND at < (SELECT max(at) FROM status_log m WHERE m.service = l.service)", [now - KEEP_MS]);
  }
}
