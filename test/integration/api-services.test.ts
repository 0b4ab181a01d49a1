import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// Needs a production build in DEPWATCH_DIST_DIR (or .next): `npx next build` first.
const URL_SECRET = "s3cr3t-pw-xyz";
const HEADER_SECRET = "hdr-secret-abc";

interface Attempt { n: number; outcome: string; backoffMs?: number; startedAt: string; durationMs: number }
interface Check { id: number; startedAt: string; trigger: string; passed: boolean; attempts: Attempt[] }
interface Page { checks: Check[]; next?: number }

let target: Server;
let tmp = "";
let srv: TestServer;
let flakyHits = 0;

function listen(s: Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port)));
}

async function get<T>(path: string): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const res = await fetch(`${srv.url}${path}`);
  const text = await res.text();
  let body: T = undefined as T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    // HTML
  }
  return { status: res.status, body, text, headers: res.headers };
}

function post(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${srv.url}${path}`, { method: "POST", headers });
}

async function allChecks(id: string, query = ""): Promise<Check[]> {
  return (await get<Page>(`/api/services/${id}/checks?limit=500${query}`)).body.checks;
}

function start(): Promise<TestServer> {
  return startServer({ dataDir: join(tmp, "data"), configPath: join(tmp, "depwatch.yaml") });
}

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url === "/flaky") return res.writeHead(flakyHits++ % 2 === 0 ? 500 : 200).end("flaky");
    if (req.url === "/slow") return void setTimeout(() => res.end("slow"), 600);
    res.end("ok");
  });
  const port = await listen(target);
  const closed = await freePort(); // nothing listens here: every attempt is refused
  tmp = mkdtempSync(join(tmpdir(), "depwatch-api-"));
  writeFileSync(
    join(tmp, "depwatch.yaml"),
    `defaults: { interval: 200ms, timeout: 200ms, retries: 1, backoff: { initial: 10ms, max: 20ms }, failureThreshold: 2 }
services:
  - id: api
    check:
      type: http
      url: http://user:${URL_SECRET}@127.0.0.1:${port}/health
      headers: { x-token: { value: "${HEADER_SECRET}", secret: true } }
  - id: flaky
    check: { type: http, url: "http://127.0.0.1:${port}/flaky" }
    dependsOn: [api]
  - id: slow
    interval: 1h
    timeout: 1s
    check: { type: http, url: "http://127.0.0.1:${port}/slow" }
    dependsOn: [{ service: api, optional: true }]
  - id: dead
    check: { type: tcp, url: "tcp://127.0.0.1:${closed}" }
`,
  );
  srv = await start();
  // Let history accumulate: 200 ms intervals give ~5 checks a second per service.
  await waitFor(async () => ((await allChecks("api")).length >= 30 ? true : undefined), 30_000, "30 checks of api");
});

afterAll(async () => {
  await srv?.stop("SIGKILL");
  target?.close();
  target?.closeAllConnections();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("GET /api/services/{id}/checks", () => {
  it("pages through every check exactly once, newest first, without next on the last page", async () => {
    const first = await get<Page>("/api/services/api/checks?limit=7");
    expect(first.status).toBe(200);
    const top = first.body.checks[0]!.id;
    const snapshot = (await allChecks("api", `&before=${top + 1}`)).map((c) => c.id);
    const seen: number[] = [];
    let page: Page = first.body;
    let pages = 1;
    for (;;) {
      expect(page.checks.length).toBeLessThanOrEqual(7);
      seen.push(...page.checks.map((c) => c.id));
      if (page.next === undefined) break;
      expect(page.next).toBe(page.checks[page.checks.length - 1]!.id);
      page = (await get<Page>(`/api/services/api/checks?limit=7&before=${page.next}`)).body;
      pages++;
    }
    expect(pages).toBeGreaterThan(3);
    expect(seen).toEqual(snapshot);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    const c = first.body.checks[0]!;
    expect(new Date(c.startedAt).toISOString()).toBe(c.startedAt);
    expect(c.attempts[0]).toMatchObject({ n: 1, outcome: "ok" });
  });

  it("filters by outcome: only checks with such an attempt", async () => {
    const status = await allChecks("flaky", "&outcome=status");
    expect(status.length).toBeGreaterThan(0);
    for (const c of status) expect(c.attempts.some((a) => a.outcome === "status")).toBe(true);
    // A failed first attempt is followed by its backoff, then a retry that passes.
    const retried = status.find((c) => c.passed && c.attempts.length === 2);
    expect(retried?.attempts[0]?.backoffMs).toBeGreaterThan(0);
    expect(await allChecks("flaky", "&outcome=timeout")).toEqual([]);
    const refused = await allChecks("dead", "&outcome=refused");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => !c.passed)).toBe(true);
  });

  it("honours from/to as ISO or epoch ms", async () => {
    const all = await allChecks("api");
    const mid = all[Math.floor(all.length / 2)]!;
    const t = Date.parse(mid.startedAt);
    const older = await allChecks("api", `&to=${encodeURIComponent(mid.startedAt)}`);
    const newer = await allChecks("api", `&from=${t}`);
    expect(older.every((c) => Date.parse(c.startedAt) < t)).toBe(true);
    expect(newer.every((c) => Date.parse(c.startedAt) >= t)).toBe(true);
    expect(newer.some((c) => c.id === mid.id)).toBe(true);
  });

  it.each(["limit=0", "limit=501", "limit=ten", "outcome=slow", "from=yesterday", "before=-1", "from=2030-01-02&to=2030-01-01", "range=1h&from=0", "range=forever"])("answers 400 to %s", async (q) => {
    const r = await get<{ error: { code: string; message: string } }>(`/api/services/api/checks?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("bad_request");
    expect(r.body.error.message.length).toBeGreaterThan(0);
  });
});

describe("unknown ids", () => {
  it.each([
    ["GET", "/api/services/nope"],
    ["GET", "/api/services/nope/checks"],
    ["GET", "/api/services/nope/latency"],
    ["POST", "/api/services/nope/check"],
  ])("%s %s → 404", async (method, path) => {
    const res = await fetch(`${srv.url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("GET /api/services/{id}", () => {
  it("shows status, redacted config, timing, dependencies and dependents with status", async () => {
    const r = await get<Record<string, unknown> & { check: { url: string; headers: Record<string, { value: string }> }; dependents: unknown[]; timing: { interval: number } }>("/api/services/api");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: "api", type: "http", status: "up", blockedBy: [], dependsOn: [] });
    expect(r.body.check.url).toContain("user:***@");
    expect(r.body.check.headers["x-token"]?.value).toBe("***");
    expect(r.body.timing.interval).toBe(200);
    expect(r.body.dependents).toEqual([
      { id: "flaky", optional: false, status: expect.any(String) },
      { id: "slow", optional: true, status: expect.any(String) },
    ]);
    const flaky = await get<{ dependsOn: unknown[] }>("/api/services/flaky");
    expect(flaky.body.dependsOn).toEqual([{ id: "api", optional: false, status: "up" }]);
  });

  it("never shows the secrets: status, detail, checks, latency, page HTML", async () => {
    const texts = await Promise.all(["/api/status", "/api/services/api", "/api/services/api/checks?limit=500", "/api/services/api/latency", "/services/api"].map(async (p) => (await get(p)).text));
    for (const t of texts) {
      expect(t.length).toBeGreaterThan(50);
      expect(t).not.toContain(URL_SECRET);
      expect(t).not.toContain(HEADER_SECRET);
    }
    // The page carries the live status for link previews.
    expect(texts[4]).toMatch(/<meta property="og:title" content="api is up"/);
  });

  it("answers latency buckets and range totals", async () => {
    const r = await get<{ points: { samples: number; p50: number | null }[]; counts: { checks: number } }>("/api/services/flaky/latency?range=1h&buckets=12");
    expect(r.status).toBe(200);
    expect(r.body.points).toHaveLength(12);
    expect(r.body.points.some((p) => p.samples > 0 && p.p50 !== null)).toBe(true);
    expect(r.body.counts.checks).toBeGreaterThan(0);
    expect((await get("/api/services/flaky/latency?buckets=0")).status).toBe(400);
  });
});

describe("POST /api/services/{id}/check", () => {
  it("ten concurrent POSTs make one check; another within 2 s is a 429 with Retry-After", async () => {
    await waitFor(async () => ((await allChecks("slow")).length >= 1 ? true : undefined), 10_000, "the first check of slow");
    const before = await allChecks("slow");
    const answers = await Promise.all(Array.from({ length: 10 }, () => post("/api/services/slow/check")));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { check: Check; service: { id: string; status: string } }[];
    expect(new Set(bodies.map((b) => b.check.id)).size).toBe(1);
    expect(bodies[0]!.check).toMatchObject({ trigger: "manual", passed: true });
    expect(bodies[0]!.service).toMatchObject({ id: "slow", status: "up" });
    const after = await allChecks("slow");
    expect(after.length - before.length).toBe(1);
    expect(after[0]!.id).toBe(bodies[0]!.check.id);

    const again = await post("/api/services/slow/check");
    expect(again.status).toBe(429);
    const retry = Number(again.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(2);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("too_many_requests");
    expect((await allChecks("slow")).length).toBe(after.length);
  });

  it("refuses a cross-origin POST and accepts a same-origin one; downstream re-checks dependents", async () => {
    const evil = await post("/api/services/api/check", { origin: "http://evil.example" });
    expect(evil.status).toBe(403);
    const nul = await post("/api/services/api/check", { origin: "null" });
    expect(nul.status).toBe(403);
    const ok = await post("/api/services/api/check?downstream=1", { origin: srv.url });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { check: Check; downstream: { checked: number; services: { id: string }[] } };
    expect(body.check.id).toBeGreaterThan(0);
    expect(body.downstream.services.map((s) => s.id)).toEqual(["flaky", "slow"]);
    expect(body.downstream.checked).toBe(2);
  });
});

describe("restart", () => {
  it("comes back with statuses, thresholds, last-hour counts and history ids where they were", async () => {
    await waitFor(async () => ((await get<{ status: string }>("/api/services/dead")).body.status === "down" ? true : undefined), 10_000, "dead to be down");
    type S = { id: string; status: string; lastCheck: unknown; recent: { checks: number; retries: number; timeouts: number } };
    const byId = (list: S[]) => new Map(list.map((x) => [x.id, x]));
    const before = byId((await get<{ services: S[] }>("/api/status")).body.services);
    const lastId = (await get<Page>("/api/services/api/checks?limit=1")).body.checks[0]!.id;
    const oldFlaky = (await allChecks("flaky")).slice(0, 100).map((c) => c.id);
    expect(await srv.stop("SIGTERM")).toBe(0);

    srv = await start();
    // Straight after start-up: no `pending` flash, and `dead` is still down (a fresh start would
    // show `starting` until failureThreshold failures were counted again).
    const after = byId((await get<{ services: S[] }>("/api/status")).body.services);
    for (const id of ["api", "flaky", "slow", "dead"]) {
      expect(after.get(id)?.status, id).not.toBe("pending");
      expect(after.get(id)?.lastCheck, id).not.toBeNull();
    }
    expect(after.get("dead")?.status).toBe("down");
    expect(after.get("api")?.status).toBe(before.get("api")?.status);
    // The overview's last-hour counts survive (seeded from the store).
    for (const id of ["api", "flaky", "dead"]) {
      expect(after.get(id)!.recent.checks, id).toBeGreaterThanOrEqual(before.get(id)!.recent.checks);
      expect(after.get(id)!.recent.retries, id).toBeGreaterThanOrEqual(before.get(id)!.recent.retries);
    }
    expect(after.get("flaky")!.recent.retries).toBeGreaterThan(0);
    // History continues: old checks are still there and new ids follow the old ones.
    const flakyNow = new Set((await allChecks("flaky")).map((c) => c.id));
    expect(oldFlaky.filter((id) => !flakyNow.has(id))).toEqual([]);
    const newest = await waitFor(async () => {
      const id = (await get<Page>("/api/services/api/checks?limit=1")).body.checks[0]!.id;
      return id > lastId ? id : undefined;
    }, 10_000, "a new check of api");
    expect(newest).toBeGreaterThan(lastId);
  }, 90_000);
});
