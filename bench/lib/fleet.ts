import { configText, startDashboard, type BenchService, type Dashboard } from "./dashboard";
import { startTargets, type Targets } from "./targets";

/** A dashboard under test and the targets it checks, stopped together. */
export interface Fleet {
  server: Dashboard;
  targets: Targets;
  /** Ids of the healthy services, index = target path number. */
  healthy: string[];
  stop(): Promise<void>;
}

/**
 * Starts the targets, then a dashboard checking `healthy` HTTP services (one path each) and
 * `hung` services pointed at the never-answering port. `shape(i)` adds fields (group,
 * dependsOn) to the i-th healthy service.
 */
export async function startFleet(options: { healthy: number; hung?: number; defaults?: Record<string, unknown>; env?: Record<string, string>; shape?: (i: number) => Record<string, unknown> }): Promise<Fleet> {
  const targets = await startTargets();
  const services: BenchService[] = [];
  const healthy: string[] = [];
  // Interleaved, so hung services sit between healthy ones in config (and start-up spread) order.
  const hung = options.hung ?? 0;
  let h = 0;
  let x = 0;
  while (h < options.healthy || x < hung) {
    if (h < options.healthy) {
      const id = `svc-${h}`;
      healthy.push(id);
      services.push({ id, ...options.shape?.(h), check: { type: "http", url: targets.url(h) } });
      h++;
    }
    if (x < hung) {
      services.push({ id: `hung-${x}`, check: { type: "http", url: `http://127.0.0.1:${targets.hungPort}/hung/${x}` } });
      x++;
    }
  }
  let server: Dashboard;
  try {
    server = await startDashboard(configText(services, options.defaults), { env: options.env });
  } catch (err) {
    await targets.stop();
    throw err;
  }
  return {
    server,
    targets,
    healthy,
    async stop() {
      const code = await server.stop("SIGTERM");
      await targets.stop();
      if (code !== 0) throw new Error(`the dashboard exited with ${code} after SIGTERM:\n${server.output().slice(-2000)}`);
    },
  };
}
