import { spawn } from "node:child_process";
import path from "node:path";
import { startGrid } from "@/lib/scheduler/probe-core";
import { startFleet } from "../lib/fleet";
import { cpuPercent, sampleTree } from "../lib/proc";
import { round, sleep } from "../lib/stats";
import { startTargets } from "../lib/targets";
import type { Figure, Scenario } from "../lib/types";

interface LoopResult {
  requests: number;
  failed: number;
  cpuMs: number;
  wallMs: number;
}

/** Runs bench/lib/loop-child.ts in a process of its own and returns what it measured. */
function loop(mode: "net" | "bare" | "probe", base: string, paths: number, rate: number, durationMs: number, tickMs: number): Promise<LoopResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "..", "lib", "loop-child.ts"), mode, base, String(paths), String(rate), String(durationMs), String(tickMs)], {
      cwd: path.join(import.meta.dirname, "..", ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`loop ${mode} exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as LoopResult);
    });
  });
}

const pct = (r: LoopResult) => (r.cpuMs / r.wallMs) * 100;

/**
 * SPEC §7 ratios: the same requests per second made by a bare undici loop (a fresh connection
 * each), by depwatch's http probe alone, and by the whole server checking services at that rate.
 * CPU of each process alone; the ratios hold on any machine, the absolute figures do not. The
 * loops start their requests on the scheduler's start grid, as the server does (ten together at
 * 100/s); one more bare loop spaces them evenly (10 ms ticks) to show what the grid saves.
 */
export const overhead: Scenario = {
  name: "overhead",
  title: "pipeline cost: server and probe CPU as ratios of a bare undici loop at the same rate",
  async run(ctx) {
    const p = ctx.short ? { services: 100, intervalMs: 2_000, warmMs: 3_000, windowMs: 5_000 } : { services: 1_000, intervalMs: 10_000, warmMs: 20_000, windowMs: 60_000 };
    const rate = p.services / (p.intervalMs / 1000);
    const grid = startGrid(rate);
    ctx.log(`overhead: ${rate} requests/s for ${p.windowMs / 1000} s each, started on a ${grid} ms grid: raw node:net loop, bare undici loop, http probe loop, whole server; and a bare loop on 10 ms ticks`);
    const targets = await startTargets();
    let net: LoopResult;
    let bare: LoopResult;
    let probe: LoopResult;
    let even: LoopResult;
    try {
      const base = `http://127.0.0.1:${targets.httpPort}`;
      net = await loop("net", base, p.services, rate, p.windowMs, grid);
      bare = await loop("bare", base, p.services, rate, p.windowMs, grid);
      probe = await loop("probe", base, p.services, rate, p.windowMs, grid);
      even = await loop("bare", base, p.services, rate, p.windowMs, 10);
    } finally {
      await targets.stop();
    }
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: `${p.intervalMs}ms` } });
    let server: number;
    try {
      await sleep(p.warmMs);
      const pid = fleet.server.proc.pid!;
      const a = sampleTree(pid);
      await sleep(p.windowMs);
      server = cpuPercent(a, sampleTree(pid));
    } finally {
      await fleet.stop();
    }
    const b = pct(bare);
    const figures: Figure[] = [
      { name: `raw node:net loop CPU (% of one core, ${grid} ms grid)`, value: round(pct(net), 2), unit: "%" },
      { name: `bare undici loop CPU (% of one core, ${grid} ms grid)`, value: round(b, 2), unit: "%" },
      { name: `http probe loop CPU (${grid} ms grid)`, value: round(pct(probe), 2), unit: "%" },
      { name: "bare undici loop CPU (10 ms ticks)", value: round(pct(even), 2), unit: "%" },
      { name: "whole server CPU", value: round(server, 2), unit: "%" },
      { name: "probe ÷ bare loop", value: round(pct(probe) / b, 2), target: "≤ 1.1", ok: pct(probe) / b <= 1.1 },
      { name: "server ÷ bare loop", value: round(server / b, 2), target: "≤ 1.3", ok: server / b <= 1.3 },
      { name: "server ÷ raw node:net loop", value: round(server / pct(net), 2) },
      { name: "server ÷ bare loop on 10 ms ticks", value: round(server / pct(even), 2) },
      { name: "requests net / bare / probe / even (failed)", value: `${net.requests} / ${bare.requests} / ${probe.requests} / ${even.requests} (${net.failed + bare.failed + probe.failed + even.failed})` },
    ];
    return {
      figures,
      notes: [`${rate} requests/s to one local target, ${p.services} paths; loops start the requests due every ${grid} ms (the scheduler's start grid at this rate), one bare loop every 10 ms; each loop and the server measured alone for ${p.windowMs / 1000} s (server after ${p.warmMs / 1000} s warm-up)`],
    };
  },
};
