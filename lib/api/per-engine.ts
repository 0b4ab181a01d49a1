import type { Engine } from "@/lib/runtime/engine";

/**
 * A getter of one `T` per engine, kept on globalThis: route bundles may each load the module
 * that asks, and the state (limiters, gates) must be one per engine, like the engine.
 */
export function perEngine<T extends object>(name: string, make: () => T): (engine: Engine) => T {
  const key = Symbol.for(`depwatch.${name}`);
  return (engine) => {
    const g = globalThis as Record<symbol, WeakMap<Engine, T> | undefined>;
    const map = (g[key] ??= new WeakMap());
    let value = map.get(engine);
    if (!value) map.set(engine, (value = make()));
    return value;
  };
}
