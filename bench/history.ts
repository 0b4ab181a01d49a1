/**
 * History benchmark (SPEC §7): one service with a million stored attempts in a fresh SQLite store.
 * Reports bytes on disk per attempt, write throughput and the time to read a page of 50 checks.
 * Run: npx tsx bench/history.ts [attempts] [singleShare] [services]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AttemptRecord, NewCheck, Outcome } from "@/lib/model";
import { DB_FILE, SqliteStore } from "@/lib/store/sqlite";
import type { CheckQuery } from "@/lib/store/types";

/** Figures of one run; times in ms. */
export interface HistoryBenchResult {
  attempts: number;
  checks: number;
  bytesOnDisk: number;
  bytesPerAttempt: number;
  bytesPerCheck: number;
  attemptsPerSecond: number;
  firstPageMs: number;
  pageP50Ms: number;
  pageP99Ms: number;
  timeoutPageP50Ms: number;
  timeoutPageP99Ms: number;
  rarePageP50Ms: number;
  rarePageP99Ms: number;
  hourPageP50Ms: number;
  hourPageP99Ms: number;
  countsLastHourMs: number;
  latency24hMs: number;
}

/** Options: how many attempts, and the share of checks that pass on their first attempt. */
export interface HistoryBenchOptions {
  attempts?: number;
  /** Share of single-attempt checks; the rest have 2 or 3 attempts (default 0.4, about 2 per check). */
  singleShare?: number;
  seed?: number;
  /** Spread the checks round-robin over this many services (default 1); pages read the first. */
  services?: number;
}

const SERVICE = "orders-db";
const STEP_MS = 10_000;
const MESSAGES: [Outcome, string][] = [
  ["timeout", "no answer within 2000ms"],
  ["refused", "connect ECONNREFUSED 10.0.3.7:5432"],
  ["auth", "password authentication failed for user \"app\""],
  ["error", "Connection terminated unexpectedly"],
];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeCheck(serviceId: string, startedAt: number, count: number, r: () => number): NewCheck {
  const attempts: AttemptRecord[] = [];
  let t = startedAt;
  for (let n = 1; n <= count; n++) {
    const last = n === count;
    const passed = last && r() < 0.97;
    // A rare outcome (about 1 check in 2,000) to measure a filter that matches little.
    const [outcome, message] = passed ? (["ok", undefined] as const) : r() < 0.0005 ? (["tls", "certificate has expired"] as const) : (MESSAGES[Math.floor(r() * MESSAGES.length)] ?? MESSAGES[0]!);
    const a: AttemptRecord = { n, startedAt: t, durationMs: outcome === "timeout" ? 2000 + Math.floor(r() * 5) : 3 + Math.floor(r() * 60), outcome };
    if (!passed) a.phase = outcome === "timeout" ? "response" : "connect";
    if (message !== undefined) a.message = r() < 0.01 ? `${message} (#${Math.floor(r() * 1e6)})` : message;
    if (!last) a.backoffMs = 200 * 2 ** (n - 1) + Math.floor(r() * 40);
    attempts.push(a);
    t += a.durationMs + (a.backoffMs ?? 0);
  }
  const passed = attempts[attempts.length - 1]?.outcome === "ok";
  return { serviceId, startedAt, durationMs: t - startedAt, trigger: r() < 0.01 ? "manual" : "schedule", passed, attempts };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function medianOf(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timed(fn));
  return quantile(times, 0.5);
}

async function pageTimes(store: SqliteStore, queries: CheckQuery[]): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (const q of queries) times.push(await timed(() => store.listChecks(SERVICE, q)));
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** Fills a temporary store with `attempts` attempts of one service and measures it. */
export async function runHistoryBench(options: HistoryBenchOptions = {}): Promise<HistoryBenchResult> {
  const target = options.attempts ?? 1_000_000;
  const single = options.singleShare ?? 0.4;
  const r = rng(options.seed ?? 42);
  const services = Math.max(1, Math.floor(options.services ?? 1));
  const dir = mkdtempSync(path.join(tmpdir(), "depwatch-bench-"));
  try {
    const start = Date.UTC(2025, 0, 1);
    let store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    let attempts = 0;
    let checks = 0;
    const writeStart = performance.now();
    while (attempts < target) {
      // Batches as the timer would make them; flush() is the same write the timer does.
      for (let i = 0; i < 500 && attempts < target; i++) {
        const count = Math.min(target - attempts, r() < single ? 1 : r() < 0.5 ? 2 : 3);
        const service = checks % services === 0 ? SERVICE : `svc-${checks % services}`;
        store.append(makeCheck(service, start + Math.floor(checks / services) * STEP_MS, count, r));
        attempts += count;
        checks++;
      }
      await store.flush();
    }
    const writeMs = performance.now() - writeStart;
    // Closing checkpoints the WAL into the main file, so its size is the whole history.
    await store.close();
    const bytesOnDisk = statSync(path.join(dir, DB_FILE)).size;
    store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    const cursor = () => 1 + 50 * services + Math.floor(r() * (checks - 50 * services));
    const end = start + Math.ceil(checks / services) * STEP_MS;
    const n = 200;
    const firstPages: number[] = [];
    for (let i = 0; i < 20; i++) firstPages.push(await timed(() => store.listChecks(SERVICE, { limit: 50 })));
    const page = await pageTimes(store, Array.from({ length: n }, () => ({ limit: 50, before: cursor() })));
    const timeout = await pageTimes(store, Array.from({ length: n }, () => ({ limit: 50, before: cursor(), outcome: "timeout" as const })));
    const rare = await pageTimes(store, Array.from({ length: n }, () => ({ limit: 50, before: cursor(), outcome: "tls" as const })));
    const hour = await pageTimes(store, Array.from({ length: n }, () => {
      const from = start + Math.floor(r() * (end - start - 3_600_000));
      return { limit: 50, from, to: from + 3_600_000 };
    }));
    const countsLastHourMs = await medianOf(5, () => store.countsAll(end - 3_600_000 + 1234));
    const latency24hMs = await medianOf(5, () => store.latencySeries(SERVICE, end - 86_400_000, end, 96));
    await store.close();
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      attempts,
      checks,
      bytesOnDisk,
      bytesPerAttempt: round(bytesOnDisk / attempts),
      bytesPerCheck: round(bytesOnDisk / checks),
      attemptsPerSecond: Math.round(attempts / (writeMs / 1000)),
      firstPageMs: round(quantile(firstPages, 0.5)),
      pageP50Ms: round(page.p50),
      pageP99Ms: round(page.p99),
      timeoutPageP50Ms: round(timeout.p50),
      timeoutPageP99Ms: round(timeout.p99),
      rarePageP50Ms: round(rare.p50),
      rarePageP99Ms: round(rare.p99),
      hourPageP50Ms: round(hour.p50),
      hourPageP99Ms: round(hour.p99),
      countsLastHourMs: round(countsLastHourMs),
      latency24hMs: round(latency24hMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The cards' "last hour" figures for many services: `services` services checked every 10 s for
 * two hours, then `countsAll(now - 1h)` (median of 5, ms).
 */
export async function runCardsBench(services = 1000): Promise<{ services: number; checks: number; countsAllMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "depwatch-bench-"));
  const r = rng(7);
  try {
    const store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    const start = Date.UTC(2025, 0, 1);
    const rounds = 720;
    for (let k = 0; k < rounds; k++) {
      for (let s = 0; s < services; s++) store.append(makeCheck(`svc-${s}`, start + k * STEP_MS + s, r() < 0.8 ? 1 : 2, r));
      await store.flush();
    }
    const now = start + rounds * STEP_MS;
    const countsAllMs = await medianOf(5, () => store.countsAll(now - 3_600_000));
    await store.close();
    return { services, checks: services * rounds, countsAllMs: Math.round(countsAllMs * 1000) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const attempts = Number(process.argv[2] ?? 1_000_000);
  const singleShare = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const services = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  const result = await runHistoryBench({ attempts, singleShare, services });
  const cards = await runCardsBench();
  console.table(Object.entries({ ...result, cardsServices: cards.services, cardsCountsAllMs: cards.countsAllMs }).map(([figure, value]) => ({ figure, value })));
}
