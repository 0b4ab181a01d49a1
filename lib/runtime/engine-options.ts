import type { Config } from "@/lib/config/load";
import { collectSecrets } from "@/lib/config/redact";
import { channelSecrets } from "@/lib/config/notify-schema";
import type { Logger } from "@/lib/log";
import type { CheckRecord, ClusterState, ServiceCounters } from "@/lib/model";
import type { AlertingOptions, AlertNews } from "@/lib/runtime/alerting";
import type { ProbeThreadOptions } from "@/lib/scheduler/probe-thread";
import type { Store } from "@/lib/store/types";

/** The other instances sharing the database (lib/cluster), when there are any. */
export interface Peers {
  publish(check: CheckRecord, counters: ServiceCounters): void;
  view(): ClusterState;
  configChanged(): void;
  /** Hands every owned service over at once. */
  release(): Promise<void>;
  stop(): Promise<void>;
  reachable(): Promise<boolean>;
  /** Tells the other instances about an incident, silence or queued delivery (they read it from the shared store). */
  alertNews(news: AlertNews): void;
  /** A rate limit shared by every instance: 0 when `key` was claimed for `gapMs`, else ms to wait. */
  claimGap(key: string, gapMs: number): Promise<number>;
  /** Restarts a claimed gap from now. */
  extendGap(key: string, gapMs: number): Promise<void>;
}

/** What the engine is built from; everything passed in. */
export interface EngineOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** Where the config came from ("demo" for the bundled demo). */
  source: string;
  /** Continue from the counters and last checks in the store (default true). */
  restore?: boolean;
  /** Overrides of the alerting's timing (tests shorten retries and the reminder tick). */
  alerting?: Pick<AlertingOptions, "tickMs" | "queue">;
  /**
   * Runs timers and probes on a worker thread of their own, so a busy server never delays a probe
   * (ARCHITECTURE.md "Scheduler"); in the engine's thread when not given.
   */
  probeThread?: Omit<ProbeThreadOptions, "log">;
}

/** Every secret of a config: check credentials and notification channel secrets. */
export function secretsOf(config: Config): string[] {
  return [...collectSecrets(config.services.map((s) => s.check)), ...channelSecrets(config.notify?.channels ?? [])].sort((a, b) => b.length - a.length);
}
