import { readFileSync } from "node:fs";
import { parseConfig, type Config, type ConfigIssue, type Env } from "@/lib/config/load";
import { watchFile, type FileChange, type FileWatch, type WatchOptions } from "@/lib/config/watch";

/** The part of the engine a reload drives (kept narrow so tests can pass a real engine or a stub). */
export interface Reloadable {
  readonly config: Config;
  readonly configIssues: readonly ConfigIssue[];
  applyConfig(config: Config): void;
  rejectConfig(issues: ConfigIssue[]): void;
}

/**
 * Applies one new version of the config file: a valid change swaps the config in (unchanged
 * services keep their state), an invalid one is rejected and the last good config keeps running.
 * A valid file equal to the running config only clears a pending error.
 */
export function applyConfigText(engine: Reloadable, change: FileChange, env: Env = process.env): "applied" | "rejected" | "unchanged" {
  if ("error" in change) {
    engine.rejectConfig([{ path: "", message: `cannot read the config file (${change.error})` }]);
    return "rejected";
  }
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(change.text, env);
  } catch (err) {
    // parseConfig reports rather than throws; should that ever fail, the change is still rejected loudly.
    parsed = { issues: [{ path: "", message: `the config could not be checked: ${err instanceof Error ? err.name : "error"}` }] };
  }
  if ("issues" in parsed) {
    engine.rejectConfig(parsed.issues);
    return "rejected";
  }
  if (engine.configIssues.length === 0 && JSON.stringify(parsed.config) === JSON.stringify(engine.config)) return "unchanged";
  engine.applyConfig(parsed.config);
  return "applied";
}

/**
 * Watches the config file the engine was started from and applies every change within seconds
 * (see watchFile for how renames and silent filesystems are handled).
 */
export function startConfigReload(engine: Reloadable, path: string, options: WatchOptions & { env?: Env } = {}): FileWatch {
  let initial: string | undefined;
  try {
    initial = readFileSync(/*turbopackIgnore: true*/ path, "utf8");
  } catch {
    initial = undefined; // reported by the first read
  }
  // Boot parsed the file a moment ago; should it have changed since, this brings it up to date.
  if (initial !== undefined) applyConfigText(engine, { text: initial }, options.env);
  return watchFile(path, initial, (change) => applyConfigText(engine, change, options.env), options);
}
