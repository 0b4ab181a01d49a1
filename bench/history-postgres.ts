/**
 * PostgreSQL history benchmark (SPEC §7 with README.md "Several instances"): one service with a
 * million attempts in a fresh database. Bytes per attempt are the tables' and indexes' size on
 * disk after VACUUM; pages are 50 checks at random cursors.
 * Run: npx tsx bench/history-postgres.ts [attempts]
 */
import { pathToFileURL } from "node:url";
import { PostgresStore } from "@/lib/store/postgres";
import { makeCheck, medianOf, rng, timed } from "./history";
import { benchDatabase } from "./lib/postgres";
import { quantile } from "./lib/stats";

/** Figures of one run; times in ms. */
export interface PgHistoryResult {
  attempts: number;
  checks: number;
  bytesOnDisk: number;
  bytesPerAttempt: number;
  attemptsPerSecond: number;
  firstPageMs: number;
  pageP50Ms: number;
  pageP99Ms: number;
  timeoutPageP99Ms: number;
  rarePageP99Ms: number;
  hourPageP99Ms: number;
  countsLastHourMs: number;
}

const SERVICE = "orders-db";
const STEP_MS = 10_000;

/** Fills a fresh PostgreSQL database with `target` attempts of one service and measures it. */
export async function runPgHistoryBench(target = 1_000_000): Promise<PgHistoryResult> {
  const db = await benchDatabase();
  try {
    const r = rng(42);
    const start = Date.UTC(2025, 0, 1);
    const store = await PostgresStore.open(db.url, { pruneIntervalMs: 0, maxQueue: 1_000_000 });
    let attempts = 0;
    let checks = 0;
    const writeStart = performance.now();
    while (attempts < target) {
      for (let i = 0; i < 2_000 && attempts < target; i++) {
        const count = Math.min(target - attempts, r() < 0.4 ? 1 : r() < 0.5 ? 2 : 3);
        store.append(makeCheck(SERVICE, start + checks * STEP_MS, count, r));
        attempts += count;
        checks++;
      }
      await store.flush();
    }
    const writeMs = performance.now() - writeStart;
    await store.pool.query("VACUUM ANALYZE");
    const { rows } = await store.pool.query<{ bytes: number }>(
      "SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c WHERE c.relname IN ('checks', 'spans', 'messages', 'services', 'counters')",
    );
    const bytesOnDisk = rows[0]?.bytes ?? 0;
    const end = start + checks * STEP_MS;
    // Ids are the start time × 1,024 plus random bits: a start time makes a cursor.
    const cursor = () => (start + (50 + Math.floor(r() * (checks - 50))) * STEP_MS) * 1024;
    const pages = async (make: () => Parameters<PostgresStore["listChecks"]>[1]) => {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const q = make();
        times.push(await timed(() => store.listChecks(SERVICE, q)));
      }
      return quantile(times, 0.99);
    };
    const first: number[] = [];
    for (let i = 0; i < 20; i++) first.push(await timed(() => store.listChecks(SERVICE, { limit: 50 })));
    const all: number[] = [];
    for (let i = 0; i < 200; i++) all.push(await timed(() => store.listChecks(SERVICE, { limit: 50, before: cursor() })));
    const result: PgHistoryResult = {
      attempts,
      checks,
      bytesOnDisk,
      bytesPerAttempt: Math.round((bytesOnDisk / attempts) * 10) / 10,
      attemptsPerSecond: Math.round(attempts / (writeMs / 1000)),
      firstPageMs: quantile(first, 0.5),
      pageP50Ms: quantile(all, 0.5),
      pageP99Ms: quantile(all, 0.99),
      timeoutPageP99Ms: await pages(() => ({ limit: 50, before: cursor(), outcome: "timeout" })),
      rarePageP99Ms: await pages(() => ({ limit: 50, before: cursor(), outcome: "tls" })),
      hourPageP99Ms: await pages(() => {
        const from = start + Math.floor(r() * (end - start - 3_600_000));
        return { limit: 50, from, to: from + 3_600_000 };
      }),
      countsLastHourMs: await medianOf(5, () => store.countsAll(end - 3_600_000 + 1234)),
    };
    await store.close();
    return result;
  } finally {
    await db.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runPgHistoryBench(Number(process.argv[2] ?? 1_000_000));
  console.table(Object.entries(result).map(([figure, value]) => ({ figure, value })));
}
