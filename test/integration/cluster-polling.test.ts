import { createServer as createHttpServer, type Server } from "node:http";
import { createConnection, createServer, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStoredOnce, json, leaseOwners, servedChecks } from "@/test/fixtures/cluster";
import { createTestDatabase, type TestDatabase } from "@/test/fixtures/postgres-db";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// Three instances of the real build share one fresh database with LISTEN/NOTIFY switched off (the
// relay polls, as behind a transaction-pooling proxy). Each probes the targets with its own id in
// a header, so the target knows which instance ran every check. The third reaches PostgreSQL
// through a TCP proxy the test can cut (README.md "Several instances").
const INTERVAL = 4_000;
const SERVICES = Array.from({ length: 9 }, (_, i) => `svc-${i}`);
const hits = new Map<string, { at: number; by: string }[]>();
let target: Server;
let db: TestDatabase;
let admin: pg.Client;
let proxy: PgProxy;
const servers: TestServer[] = [];

/** A TCP proxy to PostgreSQL; `cut` drops every connection and holds new ones silent until `restore`. */
interface PgProxy {
  url: string;
  cut: () => void;
  restore: () => void;
  close: () => void;
}

async function pgProxy(dbUrl: string): Promise<PgProxy> {
  const to = new URL(dbUrl);
  const open = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    // While cut, a new connection is accepted and never answered, like a network that drops packets.
    if (cut) return;
    const upstream = createConnection(Number(to.port || 5432), to.hostname);
    open.add(upstream);
    upstream.on("close", () => (open.delete(upstream), client.destroy()));
    upstream.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = new URL(dbUrl);
  url.port = String((server.address() as { port: number }).port);
  const dropAll = () => {
    for (const s of open) s.destroy();
  };
  return {
    url: url.toString(),
    cut: () => {
      cut = true;
      dropAll();
    },
    restore: () => {
      cut = false;
      dropAll();
    },
    close: () => {
      dropAll();
      server.close();
    },
  };
}

const owners = () => leaseOwners(admin);

/** Instances that sent a request for `id` at or after `from`. */
function hitBy(id: string, from: number): string[] {
  return (hits.get(id) ?? []).filter((h) => h.at >= from).map((h) => h.by);
}

async function manualChecks(id: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM checks c JOIN services s ON s.id = c.service WHERE s.name = $1 AND (c.flags & 2) != 0", [id]);
  return rows[0]!.n;
}

beforeAll(async () => {
  target = createHttpServer((req, res) => {
    const id = (req.url ?? "/").slice(1);
    hits.set(id, [...(hits.get(id) ?? []), { at: Date.now(), by: String(req.headers["x-instance"]) }]);
    res.end("ok");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  db = await createTestDatabase();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  proxy = await pgProxy(db.url);
  const config = `defaults:\n  interval: ${INTERVAL}ms\n  timeout: 1s\n  retries: 0\nservices:\n${SERVICES.map((id) => `  - id: ${id}\n    check: { type: http, url: "http://127.0.0.1:${port}/${id}", headers: { x-instance: "\${DEPWATCH_INSTANCE_ID}" } }`).join("\n")}\n`;
  for (const n of [1, 2, 3]) {
    const url = n === 3 ? proxy.url : db.url;
    servers.push(await startServer({ config, env: { DEPWATCH_DATABASE_URL: url, DEPWATCH_LEASE: "2s", DEPWATCH_INSTANCE_ID: `i${n}`, DEPWATCH_CLUSTER_NOTIFY: "off" } }));
  }
  // Every instance holds a share before the cases start.
  await waitFor(async () => {
    const o = await owners();
    return o.size === SERVICES.length && new Set(o.values()).size === 3 ? true : undefined;
  }, 20_000, "every service leased, spread over the three instances");
}, 180_000);

afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL").catch(() => undefined);
  proxy?.close();
  await admin?.end().catch(() => undefined);
  await db?.drop();
  target?.close();
});

describe("three instances without LISTEN/NOTIFY", { timeout: 90_000 }, () => {
  it("runs a check-now asked of B on the instance that owns the service, once", async () => {
    const o = await owners();
    const onA = SERVICES.find((id) => o.get(id) === "i1")!;
    const started = Date.now();
    const body = await json<{ check: { id: number; trigger: string; passed: boolean } }>(`${servers[1]!.url}/api/services/${onA}/check`, { method: "POST" });
    expect(body.check.passed).toBe(true);
    // A scheduled check the owner had in flight may answer instead (it is joined); it reached the target first.
    const by = hitBy(onA, started - 1_000);
    expect(by).toContain("i1");
    expect(by).not.toContain("i2");
    await expectStoredOnce(admin, onA, body.check.trigger, started, Date.now());
    const detail = await json<{ checks: { id: number }[] }>(`${servers[2]!.url}/api/services/${onA}/checks?limit=5`);
    expect(detail.checks.map((c) => c.id)).toContain(body.check.id);
  });

  it("runs a re-check-all asked of C on each service's owner, each once", async () => {
    const o = await owners();
    const started = Date.now();
    const round = await json<{ checked: number; passed: number }>(`${servers[2]!.url}/api/check`, { method: "POST" });
    const ended = Date.now();
    expect(round).toMatchObject({ checked: SERVICES.length, passed: SERVICES.length });
    for (const id of SERVICES) {
      const owner = o.get(id)!;
      // From a timeout before the round: a joined scheduled check may have reached the target first.
      const by = hitBy(id, started - 1_000);
      expect(by, id).toContain(owner);
      expect(by.filter((b) => b !== owner), id).toEqual([]);
    }
    // Each service answered once: by its own manual check, or by the scheduled check the owner had
    // in flight when asked, which the request joins. Stored by the owners' next batches.
    // One query at a time: a pg client queues concurrent queries, a use pg deprecates.
    const served = async () => {
      const out: [string, { manual: number; joined: number }][] = [];
      for (const id of SERVICES) out.push([id, await servedChecks(admin, id, started, ended)]);
      return out;
    };
    await waitFor(async () => ((await served()).every(([, s]) => s.manual === 1 || s.joined > 0) ? true : undefined), 5_000, "every service's check stored");
    await new Promise((r) => setTimeout(r, 500));
    for (const [id, s] of await served()) {
      expect(s.manual, id).toBeLessThanOrEqual(1);
      if (s.manual === 0) expect(s.joined, `${id}: neither a manual check nor a joined scheduled one`).toBeGreaterThan(0);
    }
  });

  it("runs a check-now here when the owner does not answer", async () => {
    // Past the 2 s check-now gap the re-check-all left on every service.
    await new Promise((r) => setTimeout(r, 2_500));
    const o = await owners();
    const id = SERVICES.filter((s) => o.get(s) === "i1").at(-1)!;
    // A holder that never answers: its lease is valid for an hour, and nobody claims the request.
    await admin.query("UPDATE leases SET owner = 'gone', expires_at = now() + interval '1 hour' WHERE service = $1", [id]);
    // Until its next beat (every 400 ms with a 2 s lease) A still checks the service on schedule;
    // past a few beats, any request A sent would be a check without the lease.
    await new Promise((r) => setTimeout(r, 1_500));
    const before = await manualChecks(id);
    const started = Date.now();
    const res = await fetch(`${servers[1]!.url}/api/services/${id}/check`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { check: { passed: boolean } }).check.passed).toBe(true);
    expect(hitBy(id, started)).toEqual(["i2"]);
    await waitFor(async () => ((await manualChecks(id)) === before + 1 ? true : undefined), 5_000, "the manual check stored once");
    await admin.query("UPDATE leases SET expires_at = now() - interval '1 hour' WHERE service = $1", [id]);
    await waitFor(async () => ((await owners()).has(id) ? true : undefined), 10_000, `${id} leased again`);
  });

  it("stops an instance that lost PostgreSQL from checking before its leases expire; the others take over; it rejoins without double checks", async () => {
    // Let the earlier cases' manual checks pass out of the window.
    await new Promise((r) => setTimeout(r, INTERVAL));
    const from = Date.now();
    const o = await owners();
    const onC = SERVICES.filter((id) => o.get(id) === "i3");
    expect(onC.length).toBeGreaterThan(0);
    // Cut just after C started a check: the slot before the take-over is sure to have run.
    const count = () => onC.reduce((n, id) => n + hitBy(id, from).filter((b) => b === "i3").length, 0);
    const seen = count();
    await waitFor(() => (count() > seen ? true : undefined), 2 * INTERVAL, "C to check one of its services");
    proxy.cut();
    const cutAt = Date.now();
    // C renews no more from here: its leases end where the database says.
    await new Promise((r) => setTimeout(r, 200));
    const { rows } = await admin.query<{ service: string; ends: number }>("SELECT service, (extract(epoch FROM expires_at) * 1000)::bigint AS ends FROM leases WHERE owner = 'i3'");
    const ends = new Map(rows.map((r) => [r.service, Number(r.ends)]));
    for (const id of onC) expect(ends.get(id), id).toBeLessThan(cutAt + 2_500);

    await new Promise((r) => setTimeout(r, 3 * INTERVAL));
    for (const id of onC) {
      // C's last check of the service started before its lease ran out (100 ms for the request to arrive).
      const byC = (hits.get(id) ?? []).filter((h) => h.at >= cutAt && h.by === "i3");
      for (const h of byC) expect(h.at, id).toBeLessThan(ends.get(id)! + 100);
      // Another instance took it and checks it.
      expect(hitBy(id, ends.get(id)!).some((b) => b === "i1" || b === "i2"), id).toBe(true);
    }
    expect([...(await owners()).values()]).not.toContain("i3");

    proxy.restore();
    const back = Date.now();
    await waitFor(async () => ([...(await owners()).values()].includes("i3") ? true : undefined), 20_000, "C to hold leases again");
    await waitFor(() => (SERVICES.some((id) => hitBy(id, back).includes("i3")) ? true : undefined), 2 * INTERVAL, "C to check again");
    await new Promise((r) => setTimeout(r, 2 * INTERVAL));
    // Never two scheduled checks for one slot, stored or seen by the target, across the cut and the
    // return: each take-over keeps the cadence (a quarter interval allowed for late timers).
    for (const id of SERVICES) {
      const t = (hits.get(id) ?? []).filter((h) => h.at >= from).map((h) => h.at);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!, `${id} hits ${t.map((x) => x - from).join(",")}`).toBeGreaterThan(INTERVAL * 0.75);
    }
    const stored = await admin.query<{ name: string; started_at: number }>(
      "SELECT s.name, c.started_at FROM checks c JOIN services s ON s.id = c.service WHERE (c.flags & 2) = 0 AND c.started_at >= $1 ORDER BY s.name, c.started_at",
      [from],
    );
    const r = stored.rows;
    for (let i = 1; i < r.length; i++) if (r[i]!.name === r[i - 1]!.name) expect(Number(r[i]!.started_at) - Number(r[i - 1]!.started_at), r[i]!.name).toBeGreaterThan(INTERVAL * 0.75);
  });
});
