import path from "node:path";
import type { Logger } from "@/lib/log";
import { SqliteStore } from "@/lib/store/sqlite";
import type { Store } from "@/lib/store/types";

/** Opens the history store the environment asks for: SQLite under `DEPWATCH_DATA` (default ./data). */
export async function openStore(options: { retention: number; log?: Logger; env?: NodeJS.ProcessEnv }): Promise<Store> {
  const env = options.env ?? process.env;
  if (env.DEPWATCH_DATABASE_URL) {
    throw new Error("DEPWATCH_DATABASE_URL is set, but PostgreSQL history storage is not available in this version; unset it to use SQLite under DEPWATCH_DATA");
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
