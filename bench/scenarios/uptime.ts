import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StatusBook } from "../../lib/runtime/status-book";
import { SqliteStore } from "../../lib/store/sqlite";
import { quantile, round } from "../lib/stats";
import type { Scenario } from "../lib/types";

const DAY = 86_400_000;
const STATUSES = ["up", "down", "up", "blocked", "up", "maintenance", "degraded"];

/** SPEC §9: uptime per range from the stored history, fast whatever the number of attempts. */
export const uptime: Scenario = {
  name: "uptime",
  title: "Uptime (24h/7d/30d/90d) of a flapping service, and every card's 24 h figure",
  async run(ctx) {
    const dir = mkdtempSync(path.join(tmpdir(), "depwatch-bench-uptime-"));
    const store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    try {
      const now = Date.now();
      const step = ctx.short ? 60 * 60_000 : 10 * 60_000;
      const flapping = [];
      for (let t = now - 90 * DAY, i = 0; t < now; t += step, i++) flapping.push({ service: "flappy", at: t, status: STATUSES[i % STATUSES.length]! });
      store.alerts.logStatuses(flapping);
      const services = ctx.short ? 100 : 1_000;
      const cards = [];
      for (let s = 0; s < services; s++) for (let t = now - DAY; t < now; t += 15 * 60_000) cards.push({ service: `svc-${s}`, at: t + s, status: STATUSES[(Math.floor(t / 60_000) + s) % STATUSES.length]! });
      store.alerts.logStatuses(cards);
      const book = new StatusBook(store.alerts);
      const one: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        book.uptime("flappy", now);
        one.push(performance.now() - t0);
      }
      const all: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        book.uptime24h(now + i * 61_000);
        all.push(performance.now() - t0);
      }
      return {
        figures: [
          { name: "status changes of the flapping service (90 d)", value: flapping.length },
          { name: "one service, all four ranges p50", value: round(quantile(one, 0.5), 2), unit: "ms" },
          { name: "one service, all four ranges p99", value: round(quantile(one, 0.99), 2), unit: "ms" },
          { name: `24 h uptime of ${services} services (cards) p50`, value: round(quantile(all, 0.5), 2), unit: "ms" },
          { name: `24 h uptime of ${services} services (cards) max`, value: round(Math.max(...all), 2), unit: "ms" },
        ],
        notes: [
          `uptime reads the status log (one row per status change), never the attempts, so its cost does not grow with the history: a service changing status every ${step / 60_000} min for 90 days, and ${services} services changing every 15 min for a day; in process via lib/runtime/status-book.ts`,
        ],
      };
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
