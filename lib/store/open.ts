import path from "node:path";
import type { Logger } from "@/lib/log";
import { openPostgresWithRetry } from "@/lib/store/postgres-open";
import { SqliteStore } from "@/lib/store/sqlite";
import type { Store } from "@/lib/store/types";

/**
 * Opens the history store the environment asks for: PostgreSQL when `DEPWATCH_DATABASE_URL` is
 * set (README.md "Several instances"), else SQLite under `DEPWATCH_DATA` (default ./data).
 */
export async function openStore(options: { retention: number; log?: Logger; env?: NodeJS.ProcessEnv }): Promise<Store> {
  const env = options.env ?? process.env;
  const onError = (err: unknown) => options.log?.log("error", "store_write_failed", { error: err instanceof Error ? err.message : String(err) });
  if (env.DEPWATCH_DATABASE_URL) {
    return openPostgresWithRetry(env.DEPWATCH_DATABASE_URL, { retentionMs: options.retention, onError }, { log: options.log, env });
  }
  const dir = path.resolve(/*turbopackIgnore: true*/ env.DEPWATCH_DATA ?? "data");
  return new SqliteStore(dir, {
    retentionMs: options.retention,
    onError: (err) => options.log?.log("error", "store_prune_failed", { error: err instanceof Error ? err.message : String(err) }),
    onReport: (report) => {
      const { kind, ...fields } = report;
      options.log?.log(kind === "recovered" ? "info" : "error", `store_write_${kind}`, fields);
    },
  });
}
