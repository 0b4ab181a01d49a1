import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The target the e2e tests steer: `/flip` answers 200 while healthy, 503 once told to fail; `/hang` never answers. */
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
    // Never answers: the check times out (the socket closes with the server).
    if (url.pathname === "/hang") return;
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
  - { id: flip, name: Flipping target, group: edge, interval: 500ms, timeout: 500ms, check: { type: http, url: "${control}/flip" } }
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

/**
 * The second dashboard of the e2e run: names that differ from ids, a down root cause with a chain
 * of blocked dependents (one edge skips waves), a hanging service, and names that sort by number.
 */
export function namesConfig(control: string): string {
  const http = (path: string) => `{ type: http, url: "${control}${path}" }`;
  return `
defaults: { retries: 0, timeout: 1s, failureThreshold: 1, interval: 2s }
services:
  - { id: db, name: Orders database, group: data, check: ${http("/down")} }
  - { id: cache, name: Session cache, group: data, timeout: 300ms, check: ${http("/hang")} }
  - { id: api, name: Orders API, group: apps, check: ${http("/down")}, dependsOn: [db] }
  - { id: web, name: Web shop, group: apps, check: ${http("/down")}, dependsOn: [api] }
  - { id: portal, name: Partner portal, group: apps, check: ${http("/ok")}, dependsOn: [web, { service: db, optional: true }] }
  - { id: s94, name: service 94, group: fleet, check: ${http("/ok")} }
  - { id: s10, name: service 10, group: fleet, check: ${http("/ok")} }
  - { id: s9, name: service 9, group: fleet, check: ${http("/ok")} }
`;
}
