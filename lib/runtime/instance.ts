import type { Engine } from "@/lib/runtime/engine";

// One engine per process, shared by instrumentation and every route bundle through globalThis.
const KEY = Symbol.for("depwatch.engine");
type Holder = { [KEY]?: Engine };

/** The running engine; throws when the server has not started it (e.g. during `next build`). */
export function getEngine(): Engine {
  const engine = (globalThis as Holder)[KEY];
  if (!engine) throw new Error("depwatch engine is not running");
  return engine;
}

/** Registers the process's engine. */
export function setEngine(engine: Engine | undefined): void {
  (globalThis as Holder)[KEY] = engine;
}

/** The engine if one runs. */
export function maybeEngine(): Engine | undefined {
  return (globalThis as Holder)[KEY];
}
