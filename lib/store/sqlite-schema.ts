import type Database from "better-sqlite3";

/** Granularity of the `spans` index table: each (service, 10 minutes) keeps its id range and totals. */
export const SLOT_MS = 10 * 60_000;

/** The start of the span slot containing `t`. */
export function slotOf(t: number): number {
  return Math.floor(t / SLOT_MS) * SLOT_MS;
}

/**
 * Schema versions, applied in order and recorded in PRAGMA user_version. Never edit a shipped
 * step: add a new one. Layout notes (why it is this compact) are in docs of each table below.
 */
const MIGRATIONS: readonly string[] = [
  `
  -- Small key/value facts, e.g. the highest check id ever given out (ids never repeat after a prune).
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  -- Service ids are stored as small integers; the names live here once.
  CREATE TABLE services (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  -- Messages repeat ("connect ECONNREFUSED …"), so attempts refer to them by id. last_used (the
  -- newest check start that used it) lets a prune drop messages no kept check refers to.
  CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, last_used INTEGER NOT NULL);
  -- One row per check, clustered by service: a page of one service's history is a few adjacent
  -- pages on disk, and no separate index is needed (smaller and faster to write than a rowid
  -- table plus an index on (service), measured in the store notes). flags packs passed, trigger,
  -- the outcomes present and the counts; attempts is the compact blob of lib/store/codec.ts.
  CREATE TABLE checks (
    service INTEGER NOT NULL,
    id INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    attempts BLOB NOT NULL,
    PRIMARY KEY (service, id)
  ) WITHOUT ROWID;
  -- Per service and 10-minute slot: the id range, the outcomes present and the totals. Turns time
  -- ranges into id ranges, skips slots without a filtered outcome, and answers counts cheaply.
  CREATE TABLE spans (
    service INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    checks INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    retries INTEGER NOT NULL,
    timeouts INTEGER NOT NULL,
    PRIMARY KEY (service, slot)
  ) WITHOUT ROWID;
  CREATE INDEX spans_slot ON spans (slot);
  -- Hourly summaries kept for a year after the raw checks are pruned.
  CREATE TABLE rollups (
    service INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    checks INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    retries INTEGER NOT NULL,
    timeouts INTEGER NOT NULL,
    p50 INTEGER NOT NULL,
    p95 INTEGER NOT NULL,
    max INTEGER NOT NULL,
    PRIMARY KEY (service, hour)
  ) WITHOUT ROWID;
  -- The scheduler's threshold counters, so a restart continues where it was.
  CREATE TABLE counters (
    service INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    pass_streak INTEGER NOT NULL,
    clean_streak INTEGER NOT NULL,
    fail_streak INTEGER NOT NULL,
    since INTEGER NOT NULL
  );
  `,
  `
  -- Incidents (SPEC §9): affected is a JSON array of service ids, small and rewritten as it grows.
  CREATE TABLE incidents (id INTEGER PRIMARY KEY, root TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, affected TEXT NOT NULL);
  CREATE INDEX incidents_open ON incidents (root) WHERE ended_at IS NULL;
  CREATE INDEX incidents_ended ON incidents (ended_at);
  -- The notification queue and its log. key is unique so a notification is queued once, whatever
  -- repeats the planning; state is one of pending, sending, sent, failed.
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    incident INTEGER NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    notice TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    error TEXT
  );
  CREATE INDEX deliveries_due ON deliveries (state, next_at);
  CREATE INDEX deliveries_incident ON deliveries (incident);
  -- Ad-hoc silences; services and groups are JSON arrays.
  CREATE TABLE silences (id INTEGER PRIMARY KEY, services TEXT NOT NULL, groups TEXT NOT NULL, reason TEXT NOT NULL, created_by TEXT NOT NULL, starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL, ended_at INTEGER);
  `,
  `
  -- Every change of a service's shown status (with blocked and maintenance applied), for uptime:
  -- a few rows a day per service, so 90 days of uptime read a handful of rows, whatever the number
  -- of attempts. Kept a year, like the rollups.
  CREATE TABLE status_log (service TEXT NOT NULL, at INTEGER NOT NULL, status TEXT NOT NULL, PRIMARY KEY (service, at)) WITHOUT ROWID;
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Sets the connection's pragmas and brings the schema up to date; refuses a newer schema. */
export function openSchema(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`history database has schema version ${version}, newer than this build's ${SCHEMA_VERSION}`);
  // auto_vacuum can only be chosen before the first table exists, so a new file gets it first;
  // incremental mode lets a prune hand free pages back to the file system.
  if (version === 0) db.pragma("auto_vacuum = INCREMENTAL");
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a power cut may lose the last batches, never corrupt the file.
  db.pragma("synchronous = NORMAL");
  db.pragma("temp_store = MEMORY");
  db.pragma("cache_size = -16000");
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v] ?? "";
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
