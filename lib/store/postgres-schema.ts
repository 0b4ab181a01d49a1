import type { Pool } from "pg";
import { withClient } from "@/lib/store/postgres-context";

/** Advisory lock keys (arbitrary constants) that serialise migrations and prunes across instances. */
export const MIGRATION_LOCK = 0x64_77_01;
/** See {@link MIGRATION_LOCK}. */
export const PRUNE_LOCK = 0x64_77_02;

/**
 * PostgreSQL schema steps, applied in order once (under an advisory lock, so instances starting
 * together run each step exactly once) and recorded in `schema_version`. Never edit a shipped
 * step: add one. The layout mirrors the SQLite store (README.md, "Storage"): checks keep the
 * compact attempts blob of lib/store/codec.ts; spans index ten-minute slots per service.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE services (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
  CREATE TABLE messages (id serial PRIMARY KEY, text text NOT NULL UNIQUE, last_used bigint NOT NULL);
  -- Wide columns first, so the row needs no alignment padding.
  CREATE TABLE checks (
    id bigint NOT NULL,
    started_at bigint NOT NULL,
    service integer NOT NULL,
    duration_ms integer NOT NULL,
    flags integer NOT NULL,
    attempts bytea NOT NULL,
    PRIMARY KEY (service, id)
  );
  CREATE TABLE spans (
    service integer NOT NULL,
    slot bigint NOT NULL,
    first_id bigint NOT NULL,
    last_id bigint NOT NULL,
    flags integer NOT NULL,
    checks integer NOT NULL,
    failed integer NOT NULL,
    retries integer NOT NULL,
    timeouts integer NOT NULL,
    PRIMARY KEY (service, slot)
  );
  CREATE INDEX spans_slot ON spans (slot);
  CREATE TABLE rollups (
    service integer NOT NULL,
    hour bigint NOT NULL,
    checks integer NOT NULL,
    failed integer NOT NULL,
    retries integer NOT NULL,
    timeouts integer NOT NULL,
    p50 integer NOT NULL,
    p95 integer NOT NULL,
    max integer NOT NULL,
    PRIMARY KEY (service, hour)
  );
  CREATE TABLE counters (
    service integer PRIMARY KEY,
    status text NOT NULL,
    pass_streak integer NOT NULL,
    clean_streak integer NOT NULL,
    fail_streak integer NOT NULL,
    since bigint NOT NULL
  );
  -- Several instances (README.md, "Several instances"): one row per live instance, one lease per
  -- scheduled service. next_due is the owner's next unstarted slot, so a new owner keeps the cadence.
  CREATE TABLE instances (
    id text PRIMARY KEY,
    seen_at timestamptz NOT NULL,
    started_at timestamptz NOT NULL,
    config_hash text NOT NULL
  );
  CREATE TABLE leases (
    service text PRIMARY KEY,
    owner text,
    expires_at timestamptz NOT NULL,
    next_due bigint,
    released boolean NOT NULL DEFAULT false,
    -- When the previous holder's lease ran out: it started nothing at or after this time.
    taken_after timestamptz
  );
  CREATE INDEX leases_owner ON leases (owner);
  -- Shared settings (the share-link signing secret) and frozen share snapshots, so a link made on
  -- one instance opens on every other.
  CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE shares (id text PRIMARY KEY, expires_at bigint NOT NULL, body text NOT NULL);
  CREATE INDEX shares_expires ON shares (expires_at);
  -- Rate limits that hold across instances (check-now's 2 s, re-check-all's 10 s): a key is
  -- claimed only once its previous claim ran out.
  CREATE TABLE gates (key text PRIMARY KEY, until timestamptz NOT NULL);
  `,
  // A filtered page reads the spans with the highest last_id first, a batch at a time.
  `CREATE INDEX spans_last ON spans (service, last_id);`,
  // Check-now without LISTEN/NOTIFY: the asking instance writes a request, the service's owner
  // claims it (claimed_by), runs the check and writes it back (answer, or error).
  `CREATE TABLE check_requests (
    id text PRIMARY KEY,
    service text NOT NULL,
    requester text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    claimed_by text,
    answer jsonb,
    error text
  );`,
  `
  -- Incidents, the notification queue and silences, shared by every instance (README.md
  -- "Notifications"). The partial unique index keeps one open incident per root cause; the unique
  -- key one delivery per incident, channel, kind and reminder; claimed_until is a sender's claim.
  CREATE TABLE incidents (
    id bigserial PRIMARY KEY,
    started_at bigint NOT NULL,
    ended_at bigint,
    root text NOT NULL,
    affected text[] NOT NULL
  );
  CREATE UNIQUE INDEX incidents_open_root ON incidents (root) WHERE ended_at IS NULL;
  CREATE INDEX incidents_ended ON incidents (ended_at);
  CREATE TABLE deliveries (
    id bigserial PRIMARY KEY,
    incident bigint NOT NULL,
    next_at bigint NOT NULL,
    created_at bigint NOT NULL,
    sent_at bigint,
    claimed_until timestamptz,
    attempts integer NOT NULL,
    key text NOT NULL UNIQUE,
    channel text NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    notice text NOT NULL,
    error text
  );
  CREATE INDEX deliveries_due ON deliveries (state, next_at);
  CREATE INDEX deliveries_incident ON deliveries (incident);
  CREATE TABLE silences (
    id bigserial PRIMARY KEY,
    starts_at bigint NOT NULL,
    ends_at bigint NOT NULL,
    ended_at bigint,
    services text[] NOT NULL,
    groups text[] NOT NULL,
    reason text NOT NULL,
    created_by text NOT NULL
  );
  -- Each change of a service's shown status, for uptime; every instance writes what it sees.
  CREATE TABLE status_log (service text NOT NULL, at bigint NOT NULL, status text NOT NULL, PRIMARY KEY (service, at));
  CREATE INDEX status_log_at ON status_log (at);
  `,
];

/** The schema version this build writes. */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to date exactly once however many instances start together; refuses a newer one. */
export async function migratePostgres(pool: Pool): Promise<void> {
  await withClient(pool, async (client) => {
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await client.query("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
      const row = await client.query<{ version: number }>("SELECT version FROM schema_version");
      const version = row.rows[0]?.version ?? 0;
      if (row.rows.length === 0) await client.query("INSERT INTO schema_version (version) VALUES (0)");
      if (version > PG_SCHEMA_VERSION) throw new Error(`history database has schema version ${version}, newer than this build's ${PG_SCHEMA_VERSION}`);
      for (let v = version; v < PG_SCHEMA_VERSION; v++) {
        await client.query("BEGIN");
        try {
          await client.query(MIGRATIONS[v] ?? "");
          await client.query("UPDATE schema_version SET version = $1", [v + 1]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw err;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}
