import { DiscoveryHub, type HubOptions } from "@/lib/discovery/hub";
import type { Engine } from "@/lib/runtime/engine";

/**
 * Puts discovery between the config file and the engine (README.md, "Point depwatch at your
 * Compose project"): hand the returned hub to the config reload in place of the engine.
 */
export function startDiscovery(engine: Engine, options: HubOptions = {}): DiscoveryHub {
  return new DiscoveryHub(
    {
      get config() {
        return engine.config;
      },
      get configIssues() {
        return engine.configIssues;
      },
      applyConfig: (config) => engine.applyConfig(config),
      rejectConfig: (issues) => engine.rejectConfig(issues),
      checkNow: (id) => void engine.checkNow(id, "schedule")?.catch(() => undefined),
      log: engine.log,
    },
    options,
  );
}
