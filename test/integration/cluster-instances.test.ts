import { createServer, type Server } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStoredOnce, json, leaseOwners } from "@/test/fixtures/cluster";
import { createTestDatabase, type TestDatabase } from "@/test/fixtures/postgres-db";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// Three instances of the real build in child processes share one fresh database and check local
// HTTP targets that record every request (README.md "Several instances").
const INTERVAL = 4_000;
const SERVICES = Array.from({ length: 9 }, (_, i) => `svc-${i}`);
const hits = new Map<string, number[]>();
let target: Server;
let db: TestDatabase;
let admin: pg.Client;
const servers: TestServer[] = [];

const owners = () => leaseOwners(admin);

/** Gaps between successive target hits of a service inside [from, to]. */
function gaps(id: string, from: number, to: number): number[] {
  const t = (hits.get(id) ?? []).filter((x) => x >= from && x <= to);
  return t.slice(1).map((x, i) => x - t[i]!);
}

beforeAll(async () => {
  target = createServer((req, res) => {
    const id = (req.url ?? "/").slice(1);
    hits.set(id, [...(hits.get(id) ?? []), Date.now()]);
    res.end("ok");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  db = await createTestDatabase();
  admin = new pg.Client({ connectionString: db.url });
  const config = `defaults:\n  interval: ${INTERVAL}ms\n  timeout: 1s\n  retries: 0\nservices:\n${SERVICES.map((id) => `  - id: ${id}\n    check: { type: http, url: "http://127.0.0.1:${port}/${id}" }`).join("\n")}\n`;
  for (const n of [1, 2, 3]) {
    servers.push(await startServer({ config, env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_LEASE: "2s", DEPWATCH_INSTANCE_ID: `i${n}` } }));
  }
  await admin.connect();
}, 180_000);

afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL").catch(() => undefined);
  await admin?.end().catch(() => undefined);
  await db?.drop();
  target?.close();
});

describe("three instances on one PostgreSQL database", () => {
  it("check every service every interval, each scheduled slot once, and show the same statuses", async () => {
    await waitFor(async () => {
      const o = await owners();
      return o.size === SERVICES.length && new Set(o.values()).size === 3 ? o : undefined;
    }, 30_000, "the services to be split over three instances");
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 3 * INTERVAL + 500));
    const to = Date.now();
    for (const id of SERVICES) {
      const g = gaps(id, from, to);
      expect(g.length, id).toBeGreaterThanOrEqual(2);
      // Every interval once: never two checks of one slot, never a slot skipped.
      for (const x of g) expect(x, `${id} gaps ${g.join(",")}`).toBeGreaterThan(INTERVAL / 2);
      for (const x of g) expect(x, `${id} gaps ${g.join(",")}`).toBeLessThan(INTERVAL * 1.5);
    }
    const health = await Promise.all(servers.map((s) => json<{ database: string; cluster: { instances: number; owned: number } }>(`${s.url}/api/health`)));
    expect(health.map((h) => h.database)).toEqual(["ok", "ok", "ok"]);
    expect(health.map((h) => h.cluster.instances)).toEqual([3, 3, 3]);
    expect(health.reduce((n, h) => n + h.cluster.owned, 0)).toBe(SERVICES.length);
    const views = await Promise.all(servers.map((s) => json<{ services: { id: string; status: string }[] }>(`${s.url}/api/status`)));
    for (const v of views) expect(v.services.map((s) => [s.id, s.status])).toEqual(SERVICES.map((id) => [id, "up"]));
  });

  it("pushes a check made on instance A to an event stream on instance B", async () => {
    const o = await owners();
    const onA = SERVICES.find((id) => o.get(id) === "i1")!;
    const ctrl = new AbortController();
    const res = await fetch(`${servers[1]!.url}/api/events`, { signal: ctrl.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const found = await waitFor(async () => {
      const { value } = await reader.read();
      text += decoder.decode(value);
      return new RegExp(`event: check\\ndata: (\\{"id":"${onA}".*)\\n`).exec(text)?.[1];
    }, 3 * INTERVAL, `a check of ${onA} on B's stream`);
    ctrl.abort();
    expect(JSON.parse(found)).toMatchObject({ id: onA, status: "up", check: { passed: true } });
  });

  it("runs a check-now asked of B once, on the instance that owns the service", async () => {
    const o = await owners();
    const onA = SERVICES.find((id) => o.get(id) === "i1")!;
    const before = hits.get(onA)?.length ?? 0;
    const started = Date.now();
    const body = await json<{ check: { id: number; trigger: string; passed: boolean } }>(`${servers[1]!.url}/api/services/${onA}/check`, { method: "POST" });
    expect(body.check.passed).toBe(true);
    // Stored once, by the owner's next batch: the manual check, or the scheduled one it joined.
    await expectStoredOnce(admin, onA, body.check.trigger, started, Date.now());
    // At most one scheduled check can have fallen inside the request, plus the manual one (a
    // joined check reached the target moments before the request did).
    const during = (hits.get(onA) ?? []).slice(before).filter((t) => t >= started - 100);
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.length).toBeLessThanOrEqual(2);
    const detail = await json<{ checks: { id: number }[] }>(`${servers[2]!.url}/api/services/${onA}/checks?limit=5`);
    expect(detail.checks.map((c) => c.id)).toContain(body.check.id);
  });

  it("keeps the check-now and re-check-all limits across instances, and a round on A checks every service once", async () => {
    const o = await owners();
    const onB = SERVICES.find((id) => o.get(id) === "i2")!;
    expect((await fetch(`${servers[0]!.url}/api/services/${onB}/check`, { method: "POST" })).status).toBe(200);
    const again = await fetch(`${servers[2]!.url}/api/services/${onB}/check`, { method: "POST" });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    const round = await json<{ checked: number; passed: number }>(`${servers[0]!.url}/api/check`, { method: "POST" });
    expect(round).toMatchObject({ checked: SERVICES.length, passed: SERVICES.length });
    expect((await fetch(`${servers[1]!.url}/api/check`, { method: "POST" })).status).toBe(429);
  });

  it("hands a SIGTERM'd instance's services over at once, and takes a kill -9'd instance's services within two intervals", async () => {
    const o = await owners();
    const onC = SERVICES.filter((id) => o.get(id) === "i3");
    expect(onC.length).toBeGreaterThan(0);
    const termAt = Date.now();
    expect(await servers[2]!.stop("SIGTERM")).toBe(0);
    await waitFor(async () => {
      const now = await owners();
      return onC.every((id) => now.get(id) === "i1" || now.get(id) === "i2") ? true : undefined;
    }, INTERVAL, "C's services to be owned by A or B");
    // Each of C's services is checked again within one interval of its last check.
    await new Promise((r) => setTimeout(r, INTERVAL + 500));
    for (const id of onC) for (const g of gaps(id, termAt - INTERVAL, Date.now())) expect(g, id).toBeLessThan(INTERVAL * 1.5);

    const o2 = await owners();
    const onB = SERVICES.filter((id) => o2.get(id) === "i2");
    expect(onB.length).toBeGreaterThan(0);
    const killAt = Date.now();
    await servers[1]!.stop("SIGKILL");
    await new Promise((r) => setTimeout(r, 3 * INTERVAL));
    for (const id of onB) {
      const g = gaps(id, killAt - INTERVAL, Date.now());
      // Within two intervals of the kill, with a second's allowance for this shared machine.
      expect(Math.max(...g), `${id} gaps ${g.join(",")}`).toBeLessThan(2 * INTERVAL + 1_000);
      for (const x of g) expect(x, `${id} gaps ${g.join(",")}`).toBeGreaterThan(INTERVAL / 2);
    }
    expect(new Set((await owners()).values())).toEqual(new Set(["i1"]));
    // Never two scheduled checks stored for one slot, across every hand-over.
    const { rows } = await admin.query<{ name: string; started_at: string }>("SELECT s.name, c.started_at FROM checks c JOIN services s ON s.id = c.service WHERE (c.flags & 2) = 0 ORDER BY s.name, c.started_at");
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.name === rows[i - 1]!.name) expect(Number(rows[i]!.started_at) - Number(rows[i - 1]!.started_at), rows[i]!.name).toBeGreaterThan(INTERVAL / 2);
    }
  });
});
