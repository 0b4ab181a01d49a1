import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The target the e2e tests steer: `/flip` answers 200 while healthy, 503 once told to fail. */
export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the control target on a free loopback port. `POST /state?healthy=0|1` flips `/flip`. */
export async function startControlServer(): Promise<ControlServer> {
  let healthy = true;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    if (req.method === "POST" && url.pathname === "/state") {
      healthy = url.searchParams.get("healthy") !== "0";
      res.end(JSON.stringify({ healthy }));
      return;
    }
    const ok = url.pathname === "/ok" || (url.pathname === "/flip" && healthy);
    res.statusCode = ok ? 200 : 503;
    res.end(ok ? "ok" : "failing on purpose");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The dashboard config of the e2e run: targets on the control server, fast intervals where watched. */
export function e2eConfig(control: string): string {
  return `
defaults: { retries: 0, timeout: 1s, failureThreshold: 1 }
services:
  - { id: flip, name: Flipping target, group: edge, interval: 500ms, check: { type: http, url: "${control}/flip" } }
  - { id: steady, name: Steady target, group: core, interval: 2s, check: { type: http, url: "${control}/ok" } }
  - { id: manual, name: Checked by hand, group: core, interval: 1h, check: { type: http, url: "${control}/ok" } }
  - id: api
    name: API
    group: core
    interval: 2s
    check: { type: http, url: "${control}/ok" }
    dependsOn: [steady, { service: manual, optional: true }]
`;
}
