import type { Config, ConfigIssue, ServiceConfig } from "@/lib/config/load";
import type { Logger } from "@/lib/log";
import { servicesFromContainers, type ContainerRules } from "@/lib/discovery/containers";
import { DockerWatch, type ContainerSummary, type DockerWatchOptions } from "@/lib/discovery/docker-watch";
import { mergeDiscovered } from "@/lib/discovery/merge";

/** The part of the engine discovery drives: the same verbs a config reload uses, plus a check now. */
export interface DiscoveryTarget {
  readonly config: Config;
  readonly configIssues: readonly ConfigIssue[];
  applyConfig(config: Config): void;
  rejectConfig(issues: ConfigIssue[]): void;
  /** Runs a check of `id` now (a container changed state); no-op for an unknown id. */
  checkNow(id: string): void;
  readonly log: Logger;
}

/** Timing of the Docker watch, for tests. */
export type HubOptions = Pick<DockerWatchOptions, "settleMs" | "reconnectMs" | "maxReconnectMs">;

/** The container state that matters for a check: running or not, health, exit code. */
function stateKey(c: ContainerSummary): string {
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1] ?? "";
  const exit = /^Exited \((-?\d+)\)/.exec(c.Status)?.[1] ?? "";
  return `${c.State}|${health}|${exit}`;
}

/**
 * Sits between the config file and the engine: the file watcher hands it each valid file config
 * (it is the watcher's `Reloadable`), the Docker watch hands it containers, and it applies their
 * merge (file wins on an id) through the engine's `applyConfig`, the path every reload takes.
 */
export class DiscoveryHub {
  private file: Config;
  private fileIssues: ConfigIssue[] = [];
  private found: ServiceConfig[] = [];
  private watch?: DockerWatch;
  private readonly states = new Map<string, string>();
  private lastDropped = "";

  constructor(
    private readonly engine: DiscoveryTarget,
    private readonly options: HubOptions = {},
  ) {
    this.file = engine.config;
    this.restartWatch();
  }

  /** The file's own config (what the file watcher compares a new version with). */
  get config(): Config {
    return this.file;
  }

  /** The issues of the last rejected file version, if it is still the latest. */
  get configIssues(): readonly ConfigIssue[] {
    return this.fileIssues;
  }

  /** A new valid file config: merged with what discovery found and applied. */
  applyConfig(config: Config): void {
    const before = JSON.stringify(this.file.discover ?? null);
    this.file = config;
    this.fileIssues = [];
    if (JSON.stringify(config.discover ?? null) !== before) this.restartWatch();
    this.push(true);
  }

  /** A rejected file version: reported, and the last good one keeps running. */
  rejectConfig(issues: ConfigIssue[]): void {
    this.fileIssues = issues;
    this.engine.rejectConfig(issues);
  }

  /** The Docker watch's counters, when discovery is on. */
  get stats(): DockerWatch["stats"] | undefined {
    return this.watch?.stats;
  }

  /** Stops following Docker. */
  async stop(): Promise<void> {
    const w = this.watch;
    this.watch = undefined;
    await w?.stop();
  }

  private restartWatch(): void {
    void this.watch?.stop();
    this.watch = undefined;
    const docker = this.file.discover?.docker;
    if (!docker) {
      if (this.found.length > 0) {
        this.found = [];
        this.states.clear();
        this.push(false);
      }
      return;
    }
    const rules: ContainerRules = { socket: docker.socket, compose: docker.compose, labels: docker.labels };
    const watch = new DockerWatch({
      ...this.options,
      socket: docker.socket,
      onContainers: (list) => {
        if (this.watch === watch) this.onContainers(list, rules);
      },
      onError: (message) => this.engine.log.log("warn", "discovery_disconnected", { message }),
    });
    this.watch = watch;
    watch.start();
  }

  private onContainers(list: ContainerSummary[], rules: ContainerRules): void {
    const found = servicesFromContainers(list, rules);
    const changed: string[] = [];
    const seen = new Set<string>();
    const byName = new Map(list.map((x) => [(x.Names?.[0] ?? "").replace(/^\//, ""), x]));
    for (const f of found) {
      for (const p of f.problems) this.engine.log.log("warn", "discovery_label_problem", { service: f.service.id, problem: p });
      const c = byName.get(f.service.discovered?.container ?? "");
      const key = c ? stateKey(c) : "";
      seen.add(f.service.id);
      if (this.states.get(f.service.id) !== key) changed.push(f.service.id);
      this.states.set(f.service.id, key);
    }
    for (const id of [...this.states.keys()]) if (!seen.has(id)) this.states.delete(id);
    const before = this.found.map((s) => s.id).join(",");
    this.found = found.map((f) => f.service);
    this.push(false);
    if (before !== this.found.map((s) => s.id).join(",")) this.engine.log.log("info", "discovery_changed", { services: this.found.length });
    // A container that started, stopped or changed health is checked at once, not at its next turn.
    for (const id of changed) this.engine.checkNow(id);
  }

  private push(force: boolean): void {
    const merged = mergeDiscovered(this.file, this.found);
    const dropped = merged.dropped.join("\n");
    if (dropped !== this.lastDropped && dropped !== "") this.engine.log.log("warn", "discovery_left_out", { detail: dropped });
    this.lastDropped = dropped;
    if (!force && JSON.stringify(merged.config) === JSON.stringify(this.engine.config)) return;
    this.engine.applyConfig(merged.config);
    // Applying clears the banner; a rejected file version is still the latest word on the file.
    if (this.fileIssues.length > 0) this.engine.rejectConfig(this.fileIssues);
  }
}
