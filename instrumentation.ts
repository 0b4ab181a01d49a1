/** Starts the depwatch engine once, when the Node.js server starts (never in the edge runtime). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddress, isLoopbackHost, listenHost } = await import("@/lib/auth/peer");
  stampPeerAddress();
  const { boot } = await import("@/lib/runtime/boot");
  const engine = await boot();
  const host = listenHost();
  if (!process.env.DEPWATCH_TOKEN && !isLoopbackHost(host)) {
    // README "Authentication": anyone who can reach the port can trigger checks and read every status.
    engine.log.log("warn", "no_token_beyond_loopback", { host: host ?? "all interfaces", hint: "set DEPWATCH_TOKEN, or listen on 127.0.0.1 (-H 127.0.0.1)" });
  }
  const { startConfigReload } = await import("@/lib/runtime/reload");
  // The bundled demo has no file to watch.
  const reload = engine.source === "demo" ? undefined : startConfigReload(engine, engine.source);
  const { installSignalHandlers } = await import("@/lib/runtime/signals");
  installSignalHandlers(engine, { beforeDrain: () => reload?.close() });
}
