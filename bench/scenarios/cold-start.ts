import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, waitFor } from "@/test/fixtures/server";
import { configText, get, getJson, spawnNext, type StatusBody } from "../lib/dashboard";
import { startTargets, type Targets } from "../lib/targets";
import { sleep } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

interface Boot {
  proc: ChildProcess;
  /** Process start to the first 200 from /api/health, ms. */
  healthMs: number;
  /** Process start to the end of the first check, as the server reports it (startedAt + durationMs), ms. */
  firstCheckMs: number;
  /** Process start to the first check of the last service to be checked, from the targets, ms. */
  allCheckedMs: number;
  /** Services that showed a last check (restored from the store) when health first answered. */
  restored: number;
}

/** Starts the server as production does (`node scripts/start.mjs`), timing each step from the spawn itself. */
async function boot(configPath: string, dataDir: string, targets: Targets, services: number, limitMs: number): Promise<Boot> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await targets.reset();
  const t0 = Date.now();
  const { proc, output } = spawnNext(configPath, dataDir, port);
  const alive = () => {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${output().slice(-1000)}`);
  };
  try {
    const healthMs = await waitFor(async () => {
      alive();
      const r = await get(`${base}/api/health`).catch(() => undefined);
      return r?.status === 200 ? Date.now() - t0 : undefined;
    }, limitMs, "/api/health to answer 200");
    const restored = (await getJson<StatusBody>(`${base}/api/status`)).services.filter((s) => s.lastCheck !== null).length;
    const firstCheckMs = await waitFor(async () => {
      alive();
      const body = await getJson<StatusBody>(`${base}/api/status`);
      const ends = body.services.flatMap((s) => (s.lastCheck && Date.parse(s.lastCheck.at) >= t0 ? [Date.parse(s.lastCheck.at) + s.lastCheck.durationMs] : []));
      return ends.length > 0 ? Math.min(...ends) - t0 : undefined;
    }, limitMs, "a first finished check");
    const allCheckedMs = await waitFor(async () => {
      alive();
      const arrivals = await targets.arrivals();
      const firsts = Array.from({ length: services }, (_, i) => arrivals[targets.path(i)]?.[0]);
      if (firsts.some((t) => t === undefined)) return undefined;
      return Math.round(Math.max(...(firsts as number[])) - t0);
    }, limitMs, "every service to be checked");
    return { proc, healthMs, firstCheckMs, allCheckedMs, restored };
  } catch (e) {
    proc.kill("SIGKILL");
    throw e;
  }
}

/** Sends SIGTERM and waits for the exit; returns how long the drain took and the exit code. */
async function terminate(proc: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const t = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    proc.once("exit", (c) => resolve(c));
    proc.kill("SIGTERM");
  });
  return { ms: Date.now() - t, code };
}

/** SPEC §7: after a restart, every service is being checked again within one interval. */
export const coldStart: Scenario = {
  name: "cold-start",
  title: "Process start to health, first finished check, and every service checked",
  async run(ctx) {
    const p = ctx.short ? { services: 100, intervalMs: 2_000 } : { services: 1_000, intervalMs: 10_000 };
    const dir = mkdtempSync(path.join(tmpdir(), "depwatch-bench-cold-"));
    const targets = await startTargets();
    try {
      const configPath = path.join(dir, "depwatch.yaml");
      const dataDir = path.join(dir, "data");
      writeFileSync(configPath, configText(Array.from({ length: p.services }, (_, i) => ({ id: `svc-${i}`, check: { type: "http", url: targets.url(i) } })), { interval: `${p.intervalMs}ms` }));
      const limit = 30_000 + 2 * p.intervalMs;
      ctx.log(`cold-start: ${p.services} services every ${p.intervalMs / 1000} s; fresh start, then a restart on the same data`);
      const first = await boot(configPath, dataDir, targets, p.services, limit);
      // Let the store write its batches, so the restart has history to restore.
      await sleep(1_000);
      const stop1 = await terminate(first.proc);
      const second = await boot(configPath, dataDir, targets, p.services, limit);
      const stop2 = await terminate(second.proc);
      if (stop1.code !== 0 || stop2.code !== 0) throw new Error(`SIGTERM exit codes ${stop1.code}, ${stop2.code}; expected 0`);
      const within = (ms: number) => ms < p.intervalMs;
      const figures: Figure[] = [
        { name: "fresh: start → /api/health 200", value: first.healthMs, unit: "ms" },
        { name: "fresh: start → first finished check", value: first.firstCheckMs, unit: "ms" },
        { name: "fresh: start → every service checked", value: first.allCheckedMs, unit: "ms" },
        { name: "SIGTERM → exit", value: stop1.ms, unit: "ms" },
        { name: "restart: start → /api/health 200", value: second.healthMs, unit: "ms" },
        { name: "restart: last checks restored at health", value: `${second.restored} of ${p.services}` },
        { name: "restart: start → first finished check", value: second.firstCheckMs, unit: "ms" },
        { name: "restart: start → every service checked", value: second.allCheckedMs, unit: "ms", target: `< ${p.intervalMs / 1000} s`, ok: within(second.allCheckedMs) },
        { name: "restart: health → every service checked", value: second.allCheckedMs - second.healthMs, unit: "ms" },
      ];
      return { figures, notes: [`${p.services} HTTP services, interval ${p.intervalMs} ms; times from spawning \`node scripts/start.mjs\`; "every service checked" is the last service's first request arriving at its target`] };
    } finally {
      await targets.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
