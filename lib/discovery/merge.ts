import type { Config, ServiceConfig } from "@/lib/config/load";
import { graphErrors } from "@/lib/graph/validate";

/** A merged config and what had to be left out to keep it valid. */
export interface Merged {
  config: Config;
  /** One line per discovered service or dependency left out, for the log. */
  dropped: string[];
}

/**
 * Adds discovered services to the file's config: the file wins on an id both define; a
 * discovered dependency on an id that does not exist is left out, and so are the discovered
 * dependencies that would close a cycle, so the result always passes the graph checks.
 */
export function mergeDiscovered(file: Config, found: readonly ServiceConfig[]): Merged {
  const dropped: string[] = [];
  const ids = new Set(file.services.map((s) => s.id));
  const added: ServiceConfig[] = [];
  for (const s of found) {
    if (ids.has(s.id)) {
      dropped.push(`${s.id}: defined in the config file, which wins`);
      continue;
    }
    ids.add(s.id);
    added.push(s);
  }
  const services = [
    ...file.services,
    ...added.map((s) => {
      const keep = s.dependsOn.filter((d) => ids.has(d.id));
      for (const d of s.dependsOn) if (!ids.has(d.id)) dropped.push(`${s.id}: dependency ${d.id} left out (no such service)`);
      return keep.length === s.dependsOn.length ? s : { ...s, dependsOn: keep };
    }),
  ];
  // Cycles can only come from discovered edges (the file's own graph was validated): cut them there.
  for (let guard = 0; guard < services.length; guard++) {
    const cycle = graphErrors(services).find((g) => g.message.startsWith("dependency cycle"));
    if (!cycle) break;
    const onCycle = new Set(cycle.message.replace(/^dependency cycle: /, "").split(" → "));
    const i = services.findIndex((s, j) => j >= file.services.length && onCycle.has(s.id) && s.dependsOn.some((d) => onCycle.has(d.id)));
    const s = services[i];
    if (!s) break;
    dropped.push(`${s.id}: dependencies ${s.dependsOn.filter((d) => onCycle.has(d.id)).map((d) => d.id).join(", ")} left out (${cycle.message})`);
    services[i] = { ...s, dependsOn: s.dependsOn.filter((d) => !onCycle.has(d.id)) };
  }
  return { config: { ...file, services }, dropped };
}
