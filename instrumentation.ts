/** Starts the depwatch engine once, when the Node.js server starts (never in the edge runtime). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddress, isLoopbackHost, listenHost, listenPort, answerEarly } = await import("@/lib/auth/peer");
  stampPeerAddress();
  const { boot } = await import("@/lib/boot/boot");
  const engine = await boot();
  // Notifications link to the incident and a share snapshot of their root, built from the API's status view.
  const { statusView } = await import("@/lib/api/status-view");
  const { linkMaker } = await import("@/lib/share/incident-links");
  engine.setLinkMaker(linkMaker({ status: () => statusView(engine), listChecks: (id, q) => engine.listChecks(id, q), scrub: engine.scrub }, () => engine.config.notify?.baseUrl));
  // GET /api/status answered before Next.js's request path (README "Performance").
  const { answerStatus } = await import("@/lib/api/status-lane");
  if (process.env.DEPWATCH_STATUS_LANE !== "off") answerEarly(listenPort(), (req, res) => answerStatus(engine, req, res));
  const host = listenHost();
  if (!process.env.DEPWATCH_TOKEN && !isLoopbackHost(host)) {
    // README "Authentication": anyone who can reach the port can trigger checks and read every status.
    engine.log.log("warn", "no_token_beyond_loopback", { host: host ?? "all interfaces", hint: "set DEPWATCH_TOKEN, or listen on 127.0.0.1 (-H 127.0.0.1)" });
  }
  const { startConfigReload } = await import("@/lib/runtime/reload");
  const { startDiscovery } = await import("@/lib/runtime/discovery");
  // The bundled demo has no file to watch. Discovery sits between the file and the engine, so a
  // reload keeps the discovered services (README.md, "Point depwatch at your Compose project").
  const hub = engine.source === "demo" ? undefined : startDiscovery(engine);
  const reload = hub === undefined ? undefined : startConfigReload(hub, engine.source);
  const { installSignalHandlers } = await import("@/lib/runtime/signals");
  installSignalHandlers(engine, {
    beforeDrain: () => {
      reload?.close();
      void hub?.stop();
    },
  });
}
