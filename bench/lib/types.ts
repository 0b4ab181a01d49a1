/** One measured figure; `target` is the SPEC §7 goal it is compared with, when there is one. */
export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  target?: string;
  /** Whether the figure meets its target; absent when there is no target. */
  ok?: boolean;
}

/** What every scenario gets. */
export interface ScenarioContext {
  /** Smoke-test sizes and durations. */
  short: boolean;
  log(line: string): void;
}

/** What a scenario reports. */
export interface ScenarioOutput {
  figures: Figure[];
  /** Parameters and caveats, printed under the table and kept in the JSON. */
  notes: string[];
  /** Set when the thing measured does not exist on this server (e.g. a missing endpoint). */
  unavailable?: string;
}

/** A benchmark scenario, runnable alone by name. */
export interface Scenario {
  name: string;
  title: string;
  /** False when the scenario does not run the production build (it is then not built for it). */
  needsBuild?: boolean;
  run(ctx: ScenarioContext): Promise<ScenarioOutput>;
}
