import { parseConfig } from "@/lib/config/load";
import { createLogger } from "@/lib/log";
import { statusView } from "@/lib/api/status-view";
import { Engine } from "@/lib/runtime/engine";
import { startDiscovery } from "@/lib/runtime/discovery";
import { MemoryStore } from "@/lib/store/memory";
import { startDockerd, TEST_IMAGE, type PrivateDockerd } from "@/test/fixtures/dockerd";
import { round, sleep, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

/** Polls every 10 ms until `cond` holds; the elapsed milliseconds. */
async function timeUntil(cond: () => boolean, limitMs = 30_000): Promise<number> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > limitMs) throw new Error("timed out");
    await sleep(10);
  }
  return performance.now() - t0;
}

const ms = (values: number[]) => {
  const s = spread(values);
  return `${round(s.p50, 0)} / ${round(s.max, 0)} ms`;
};

/**
 * Live discovery against a private dockerd, with the engine in this process: how long after
 * `docker run` / `docker stop` / `docker rm` returns the dashboard shows it, how many list calls
 * the watch makes, and what following an idle daemon costs.
 */
export const discovery: Scenario = {
  name: "discovery",
  title: "Docker discovery: container start/stop/removal to dashboard, list calls, idle cost",
  needsBuild: false,
  async run({ short, log }) {
    let d: PrivateDockerd;
    try {
      d = await startDockerd();
    } catch (err) {
      return { figures: [], notes: [], unavailable: `no private dockerd: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
    }
    const n = short ? 5 : 30;
    const parsed = parseConfig(`services: []\ndiscover: { docker: { socket: "${d.socket}" } }\n`, {});
    if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
    const engine = new Engine({ config: parsed.config, store: new MemoryStore({ pruneIntervalMs: 0 }), log: createLogger({ level: "error" }), source: "bench" });
    await engine.start();
    const hub = startDiscovery(engine);
    const status = (id: string) => statusView(engine).services.find((s) => s.id === id)?.status;
    const listed: number[] = [];
    const runs: number[] = [];
    const up: number[] = [];
    const down: number[] = [];
    const gone: number[] = [];
    try {
      log(`discovery: ${n} containers, one at a time`);
      for (let i = 0; i < n; i++) {
        const id = `bench-${i}`;
        // Timed from the call: the daemon emits create and start while `docker run` is still running.
        const t0 = performance.now();
        const started = d.docker("run", "-d", "--name", id, "--network", "none", "--label", "depwatch.group=bench", TEST_IMAGE, "sh", "-c", 'trap "exit 3" TERM; sleep 600 & wait');
        await timeUntil(() => status(id) !== undefined);
        listed.push(performance.now() - t0);
        await started;
        runs.push(performance.now() - t0);
        await timeUntil(() => status(id) === "up");
        up.push(performance.now() - t0);
      }
      const before = { ...hub.stats! };
      const cpu0 = process.cpuUsage();
      const idleMs = short ? 3_000 : 20_000;
      await sleep(idleMs);
      const cpu = process.cpuUsage(cpu0);
      const idleLists = hub.stats!.lists - before.lists;
      for (let i = 0; i < n; i++) {
        const id = `bench-${i}`;
        await d.docker("stop", "-t", "5", id);
        down.push(await timeUntil(() => status(id) === "down"));
        await d.docker("rm", id);
        gone.push(await timeUntil(() => status(id) === undefined));
      }
      const stats = hub.stats!;
      const figures: Figure[] = [
        { name: "docker run called → service listed, p50 / max", value: ms(listed), target: "< 5 s", ok: spread(listed).max < 5_000 },
        { name: "docker run called → service up, p50 / max", value: ms(up) },
        { name: "(docker run itself, for comparison), p50 / max", value: ms(runs) },
        { name: "docker stop → service down (with exit code), p50 / max", value: ms(down) },
        { name: "docker rm → service gone, p50 / max", value: ms(gone), target: "< 5 s", ok: spread(gone).max < 5_000 },
        { name: "event streams opened / list calls / events read", value: `${stats.streams} / ${stats.lists} / ${stats.events}` },
        { name: `idle ${idleMs / 1000} s with ${n} containers: list calls, CPU (% of one core, whole process)`, value: `${idleLists}, ${round(((cpu.user + cpu.system) / 1000 / idleMs) * 100, 2)} %` },
      ];
      return { figures, notes: [`${n} containers created, stopped and removed one at a time; the engine runs in the bench process (no HTTP server); settle time 200 ms; the idle CPU includes the scheduled docker checks of the ${n} services (one every 10 s each)`] };
    } finally {
      await hub.stop();
      await engine.shutdown(1_000);
      await d.stop();
    }
  },
};
