import { ConfigError, configPath, loadConfigFile, parseConfig, type Config } from "@/lib/config/load";
import { scrubber } from "@/lib/config/redact";
import { demoConfig } from "@/lib/demo/config";
import { startDemoStack, type DemoStack } from "@/lib/demo/stack";
import { createLogger, type Logger } from "@/lib/log";
import { Engine } from "@/lib/runtime/engine";
import { maybeEngine, setEngine } from "@/lib/runtime/instance";
import { Cluster, DEFAULT_LEASE_MS } from "@/lib/cluster/cluster";
import { parseDuration } from "@/lib/units";
import { openStore } from "@/lib/store/open";
import { PostgresStore } from "@/lib/store/postgres";

/** Loads the config from `DEPWATCH_CONFIG`, `./depwatch.yaml`, or starts the demo stack. */
async function loadStartupConfig(log: Logger): Promise<{ config: Config; source: string; demo?: DemoStack }> {
  const path = configPath();
  if (path) return { config: loadConfigFile(path), source: path };
  const dbDelayMs = Number(process.env.DEPWATCH_DEMO_DB_DELAY_MS ?? 20_000);
  const demo = await startDemoStack({ dbDelayMs });
  const parsed = parseConfig(JSON.stringify(demoConfig(demo.ports, dbDelayMs)));
  if ("issues" in parsed) throw new ConfigError("demo", parsed.issues);
  log.log("info", "demo_started", { ports: demo.ports });
  return { config: parsed.config, source: "demo", demo };
}

/** Joins the instances sharing the PostgreSQL database; settings from the environment (README.md "Several instances"). */
function joinCluster(engine: Engine, store: PostgresStore, log: Logger): Cluster {
  const leaseRaw = process.env.DEPWATCH_LEASE?.trim();
  const leaseMs = leaseRaw ? parseDuration(leaseRaw) : undefined;
  if (leaseRaw && leaseMs === undefined) log.log("warn", "lease_invalid", { value: leaseRaw });
  const cluster = new Cluster(engine, store, {
    url: process.env.DEPWATCH_DATABASE_URL ?? "",
    instanceId: process.env.DEPWATCH_INSTANCE_ID || undefined,
    leaseMs: Math.max(500, leaseMs ?? DEFAULT_LEASE_MS),
    notify: process.env.DEPWATCH_CLUSTER_NOTIFY !== "off",
  });
  engine.peers = cluster;
  log.log("info", "cluster_joined", { instance: cluster.instanceId, leaseMs: leaseMs ?? DEFAULT_LEASE_MS });
  return cluster;
}

/**
 * Starts the engine once per process (instrumentation calls it). A bad config stops the process
 * with every error listed.
 */
export async function boot(): Promise<Engine> {
  const existing = maybeEngine();
  if (existing) return existing;
  // Until the engine knows the config's secrets, URL credentials are still masked.
  const urlScrub = scrubber([]);
  const log = createLogger({ level: process.env.DEPWATCH_LOG_LEVEL, scrub: () => maybeEngine()?.scrub ?? urlScrub });
  let loaded: Awaited<ReturnType<typeof loadStartupConfig>>;
  try {
    loaded = await loadStartupConfig(log);
  } catch (err) {
    if (err instanceof ConfigError) {
      log.log("error", "config_invalid", { source: err.source, errors: err.issues.length });
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ retention: loaded.config.retention, log });
  } catch (err) {
    // README "Storage failures": a data folder that cannot be opened stops the server with one line.
    const reason = err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err);
    const data = process.env.DEPWATCH_DATABASE_URL ? "the history database" : `the data folder ${process.env.DEPWATCH_DATA ?? "./data"}`;
    const hint = process.env.DEPWATCH_DATABASE_URL ? "check DEPWATCH_DATABASE_URL and that the database is up" : "set DEPWATCH_DATA to a writable folder";
    log.log("error", "store_open_failed", { error: reason });
    process.stderr.write(`depwatch: cannot open ${data} (${reason}); ${hint}\n`);
    process.exit(1);
  }
  // The demo's simulated stack starts anew with every run, so its services start anew too:
  // statuses left from the last run would blame the API before its database has started.
  // Probes run on a thread of their own unless DEPWATCH_PROBE_THREAD=off (README.md "Performance").
  const probeThread = process.env.DEPWATCH_PROBE_THREAD?.trim().toLowerCase() === "off" ? undefined : {};
  const engine = new Engine({ config: loaded.config, store, log, source: loaded.source, restore: loaded.source !== "demo", probeThread });
  const cluster = store instanceof PostgresStore ? joinCluster(engine, store, log) : undefined;
  // Registered only once its state is restored, so nothing ever sees a half-started engine.
  await engine.start();
  await cluster?.start();
  setEngine(engine);
  return engine;
}
