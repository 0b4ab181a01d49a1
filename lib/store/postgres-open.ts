import type { Logger } from "@/lib/log";
import { PostgresStore, type PostgresStoreOptions } from "@/lib/store/postgres";

/** How long start-up waits for an unreachable database by default, ms. */
export const DEFAULT_DATABASE_WAIT_MS = 60_000;
const RETRY_EVERY_MS = 2_000;
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

/** `DEPWATCH_DATABASE_WAIT` ("90s", "2m", "500ms" or plain ms) as ms; the default when unset or malformed. */
export function databaseWaitMs(raw: string | undefined): number {
  const m = /^\s*(\d+)\s*(ms|s|m)?\s*$/.exec(raw ?? "");
  return m ? Number(m[1]) * (UNITS[m[2] ?? "ms"] ?? 1) : DEFAULT_DATABASE_WAIT_MS;
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * Opens the PostgreSQL store, retrying an unreachable database every two seconds with one log
 * line per try, and gives up with a clear error once `DEPWATCH_DATABASE_WAIT` (default 60 s) has
 * passed, so an orchestrator restarts the process instead of it hanging (README.md "Several instances").
 */
export async function openPostgresWithRetry(url: string, options: PostgresStoreOptions, ctx: { log?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<PostgresStore> {
  const waitMs = databaseWaitMs((ctx.env ?? process.env).DEPWATCH_DATABASE_WAIT);
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await PostgresStore.open(url, options);
      ctx.log?.log("info", "database_connected", { database: redactUrl(url), attempt });
      return store;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // A schema newer than this build will not fix itself: no point in waiting.
      if (/newer than this build/.test(error) || Date.now() + RETRY_EVERY_MS > deadline) {
        throw new Error(`database ${redactUrl(url)} unreachable after ${attempt} attempt(s) over ${Math.round(waitMs / 1000)} s: ${error}`, { cause: err });
      }
      ctx.log?.log("warn", "database_unreachable", { database: redactUrl(url), attempt, retryInMs: RETRY_EVERY_MS, error });
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
}
