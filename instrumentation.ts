/** Starts the depwatch engine once, when the Node.js server starts (never in the edge runtime). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("@/lib/runtime/boot");
  const engine = await boot();
  const { startConfigReload } = await import("@/lib/runtime/reload");
  // The bundled demo has no file to watch.
  const reload = engine.source === "demo" ? undefined : startConfigReload(engine, engine.source);
  const { installSignalHandlers } = await import("@/lib/runtime/signals");
  installSignalHandlers(engine, { beforeDrain: () => reload?.close() });
}
