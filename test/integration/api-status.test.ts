import { spawnSync } from "node:child_process";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServer, waitFor, type TestServer } from "@/test/fixtures/server";

interface Service { id: string; status: string; type: string; lastCheck: { outcome: string; attempts: number; passed: boolean; message: string | null } | null; dependsOn: unknown[]; blockedBy: string[] }
interface StatusBody { generatedAt: string; services: Service[]; order: string[][] }

const sockets = new Set<Socket>();
let healthy: Server;
let hung: TcpServer;
let server: TestServer;

function listen(s: Server | TcpServer): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port)));
}

beforeAll(async () => {
  healthy = createHttpServer((_req, res) => res.end("ok"));
  hung = createTcpServer((s) => sockets.add(s));
  const [hp, hungPort, closed] = [await listen(healthy), await listen(hung), await freePort()];
  server = await startServer({
    config: `defaults:
  interval: 500ms
  timeout: 300ms
  retries: 1
  backoff: { initial: 50ms }
  failureThreshold: 1
services:
  - id: web
    group: app
    check: { type: http, url: "http://127.0.0.1:${hp}/", expect: { bodyContains: ok } }
    dependsOn: [db]
  - id: db
    group: data
    check: { type: tcp, url: "tcp://127.0.0.1:${closed}" }
  - id: search
    group: data
    check: { type: http, url: "http://127.0.0.1:${hungPort}/" }
`,
  });
});

afterAll(async () => {
  await server?.stop();
  for (const s of sockets) s.destroy();
  healthy?.close();
  hung?.close();
});

async function status(): Promise<StatusBody> {
  const res = await fetch(`${server.url}/api/status`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as StatusBody;
}

describe("GET /api/status against a running server", () => {
  it("reports up, refused and timed-out targets with their outcomes", async () => {
    const body = await waitFor(async () => {
      const b = await status();
      return b.services.every((s) => s.lastCheck !== null && s.status !== "pending" && s.status !== "starting") ? b : undefined;
    }, 15_000, "every service to have a verdict");
    const byId = new Map(body.services.map((s) => [s.id, s]));
    expect(byId.get("web")).toMatchObject({ status: "up", type: "http", lastCheck: { outcome: "ok", attempts: 1, passed: true } });
    expect(byId.get("db")).toMatchObject({ status: "down", type: "tcp", lastCheck: { outcome: "refused", attempts: 2, passed: false } });
    expect(byId.get("search")).toMatchObject({ status: "down", lastCheck: { outcome: "timeout", attempts: 2, passed: false } });
    expect(byId.get("web")?.dependsOn).toEqual([{ id: "db", optional: false }]);
    expect(body.order).toEqual([["db", "search"], ["web"]]);
    expect(Date.parse(body.generatedAt)).not.toBeNaN();
  });

  it("answers /api/health while running", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", services: 3 });
  });
});

describe("a bad config at start-up", () => {
  it("stops the server with every error and its line", async () => {
    const dir = join(import.meta.dirname, "..", "fixtures");
    const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(await freePort())], {
      cwd: join(dir, "..", ".."),
      env: { ...process.env, DEPWATCH_CONFIG: join(dir, "bad-config.yaml"), NEXT_MANUAL_SIG_HANDLE: "true" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("2 config errors");
    expect(r.stderr).toContain('services[0].check.timeout (line 5): unknown field');
    expect(r.stderr).toContain('services[1].interval (line 8): expected a duration like "2s", got "2 seconds"');
  });
});
