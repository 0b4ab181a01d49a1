import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatusView } from "@/lib/api/shapes";
import { freePort, startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// A start-up where the root has a start period: the database port opens after a few seconds,
// the API fails until then. The API must show as waiting for the database, never as a root cause.
describe("start-up with a root inside its start period", () => {
  let server: TestServer;
  let db: Server | undefined;
  let dbPort: number;
  const seen: { at: number; api: string; db: string; waitingFor: string[] }[] = [];
  const api = createServerHttp();

  function createServerHttp() {
    // Healthy only while the database listens, like the demo's API.
    return createServer((s) => {
      s.once("data", () => s.end(db?.listening ? "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok" : "HTTP/1.1 503 No\r\ncontent-length: 2\r\n\r\nno"));
    });
  }

  beforeAll(async () => {
    dbPort = await freePort();
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    const apiPort = (api.address() as { port: number }).port;
    server = await startServer({
      config: `
defaults: { interval: 500ms, timeout: 300ms, retries: 0, failureThreshold: 2 }
services:
  - { id: db, check: { type: tcp, url: "tcp://127.0.0.1:${dbPort}" }, startPeriod: 30s }
  - { id: api, check: { type: http, url: "http://127.0.0.1:${apiPort}/health" }, dependsOn: [db] }
  - { id: web, check: { type: http, url: "http://127.0.0.1:${apiPort}/" }, dependsOn: [api] }
`,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => api.close(r));
    await new Promise((r) => (db ? db.close(r) : r(undefined)));
  });

  async function sample(): Promise<StatusView> {
    const s = (await (await fetch(`${server.url}/api/status`)).json()) as StatusView;
    const by = new Map(s.services.map((x) => [x.id, x]));
    seen.push({ at: Date.now(), api: by.get("api")!.status, db: by.get("db")!.status, waitingFor: by.get("api")!.waitingFor });
    return s;
  }

  it("shows the API waiting for the database from the first second, then up; never a root cause", async () => {
    const t0 = Date.now();
    // Long enough for the API's failures to pass its threshold (2 × 500 ms) several times over.
    while (Date.now() - t0 < 4_000) {
      await sample();
      await new Promise((r) => setTimeout(r, 100));
    }
    db = createServer((s) => s.end());
    await new Promise<void>((r) => db!.listen(dbPort, "127.0.0.1", r));
    await waitFor(async () => ((await sample()).services.every((x) => x.status === "up") ? true : undefined), 15_000, "every service up");

    const before = seen.filter((x) => x.db !== "up");
    expect(before.length).toBeGreaterThan(10);
    // Never down, never a root cause while the database starts.
    expect(before.filter((x) => x.api === "down")).toEqual([]);
    const failingSeen = before.filter((x) => x.api === "waiting");
    expect(failingSeen.length).toBeGreaterThan(before.length / 2);
    for (const x of failingSeen) expect(x.waitingFor).toEqual(["db"]);
    // The database itself is starting (inside its start period), never down.
    expect(before.filter((x) => x.db !== "pending" && x.db !== "starting")).toEqual([]);
  });
});
