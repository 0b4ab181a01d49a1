import { runPgHistoryBench } from "../history-postgres";
import { postgresReachable } from "../lib/postgres";
import type { Scenario } from "../lib/types";
import { historyFigures } from "./history";

/** SPEC §7 on PostgreSQL (README.md "Several instances"): bytes per attempt, write rate, a page at 1 M attempts. */
export const pgHistory: Scenario = {
  name: "pg-history",
  title: "PostgreSQL store: a page of checks from one million attempts",
  async run(ctx) {
    if (!(await postgresReachable())) return { figures: [], notes: [], unavailable: "no PostgreSQL at BENCH_PG_URL" };
    const attempts = ctx.short ? 50_000 : 1_000_000;
    ctx.log(`pg-history: writing ${attempts.toLocaleString("en")} attempts to a fresh PostgreSQL database, then reading pages`);
    const r = await runPgHistoryBench(attempts);
    return {
      figures: historyFigures(r),
      notes: [`one service, ${r.checks.toLocaleString("en")} checks in a fresh database on the local PostgreSQL (bench/history-postgres.ts); size = tables + indexes after VACUUM`],
    };
  },
};
