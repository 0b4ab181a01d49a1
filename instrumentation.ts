/** Starts the depwatch engine once, when the Node.js server starts (never in the edge runtime). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("@/lib/runtime/boot");
  const engine = await boot();
  const { installSignalHandlers } = await import("@/lib/runtime/signals");
  installSignalHandlers(engine);
}
