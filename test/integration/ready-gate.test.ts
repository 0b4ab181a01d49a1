import type { Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePort, openPort, readyStackConfig } from "@/test/fixtures/ready-stack";
import { freePort, startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// Needs a production build: `npx next build` (DEPWATCH_DIST_DIR selects its folder; npm test makes one).
let server: TestServer;
let dbPort: number;
let listener: Server | undefined;

interface Dep {
  id: string;
  status: string;
}
type ReadyBody = { ready: boolean; id: string; waitingFor?: Dep[]; dependencies: Dep[] };

async function ready(id: string): Promise<{ status: number; cache: string | null; body: ReadyBody }> {
  const res = await fetch(`${server.url}/api/ready/${id}`);
  return { status: res.status, cache: res.headers.get("cache-control"), body: (await res.json()) as ReadyBody };
}

beforeAll(async () => {
  dbPort = await freePort();
  server = await startServer({ config: readyStackConfig(dbPort, await freePort()) });
});

afterAll(async () => {
  await closePort(listener);
  await server?.stop();
});

describe("GET /api/ready/{id}", () => {
  it("answers 503 with what it waits for while a required dependency is down", async () => {
    // Wait for the first verdicts, so the answer reflects checks rather than `pending`.
    const r = await waitFor(async () => {
      const x = await ready("web");
      return x.body.waitingFor?.some((d) => d.id === "db" && d.status === "down") ? x : undefined;
    }, 10_000, "db to be reported down");
    expect(r.status).toBe(503);
    expect(r.cache).toBe("no-store");
    expect(r.body.ready).toBe(false);
    expect(r.body.id).toBe("web");
    // Deepest first; api is blocked by db; the optional cache is never waited on.
    expect(r.body.waitingFor!.map((d) => d.id)).toEqual(["db", "api"]);
    expect(r.body.waitingFor!.find((d) => d.id === "api")?.status).toBe("blocked");
    expect(r.body.dependencies.map((d) => d.id)).toEqual(["db", "api"]);
  });

  it("is ready for a service without required dependencies, whatever its own status", async () => {
    const r = await ready("db");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ready: true, id: "db", dependencies: [] });
  });

  it("turns 200 once the dependency comes up", async () => {
    listener = await openPort(dbPort);
    const r = await waitFor(async () => {
      const x = await ready("web");
      return x.status === 200 ? x : undefined;
    }, 15_000, "web to become ready");
    expect(r.body.ready).toBe(true);
    expect(r.body.waitingFor).toBeUndefined();
    expect(r.body.dependencies.map((d) => d.id)).toEqual(["db", "api"]);
    for (const d of r.body.dependencies) expect(["up", "degraded"]).toContain(d.status);
  });

  it("answers 404 in the error shape for an unknown id", async () => {
    const res = await fetch(`${server.url}/api/ready/no-such-service`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("no-such-service");
  });
});

describe("GET /api/startup", () => {
  it("reports the waves, who waited on whom and the critical path", async () => {
    const res = await fetch(`${server.url}/api/startup`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      origin: string;
      complete: boolean;
      lastReady: string | null;
      totalMs: number | null;
      criticalPath: string[];
      order: string[][];
      services: { id: string; status: string; wave: number; startedAt: string; readyAt: string | null; waitedMs: number | null; waitedOn: string | null; waitingFor: string[] }[];
    };
    expect(body.order).toEqual([["cache", "db"], ["api"], ["web"]]);
    expect(body.services.map((s) => s.id)).toEqual(["cache", "db", "api", "web"]);
    const byId = new Map(body.services.map((s) => [s.id, s]));
    expect(byId.get("web")!.wave).toBe(2);
    // db came up only after the test opened its port, so api waited on it.
    expect(byId.get("db")!.readyAt).not.toBeNull();
    expect(byId.get("api")!.waitedOn).toBe("db");
    expect(byId.get("api")!.waitedMs).toBeGreaterThan(0);
    expect(byId.get("web")!.waitingFor).toEqual([]);
    // The cache never comes up: the start-up is not complete, and nothing waits on it (optional).
    expect(byId.get("cache")!.readyAt).toBeNull();
    expect(body.complete).toBe(false);
    expect(body.criticalPath.at(-1)).toBe(body.lastReady);
    expect(body.criticalPath).toEqual(["db", "api", "web"]);
    expect(body.totalMs).toBeGreaterThan(0);
    expect(Date.parse(byId.get("db")!.readyAt!)).toBeGreaterThan(Date.parse(body.origin));
  });
});
