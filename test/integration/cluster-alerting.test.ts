import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryView, IncidentView, SilenceView } from "@/lib/api/shapes";
import { createTestDatabase, type TestDatabase } from "@/test/fixtures/postgres-db";
import { startReceiver, type Receiver } from "@/test/fixtures/receivers";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// Three instances of the real build in child processes share one fresh PostgreSQL database; real
// local receivers count every notification (README.md "Several instances", "Notifications").
const DEPENDENTS = ["dep-0", "dep-1", "dep-2", "dep-3"];
const down = new Set<string>();
let target: Server;
let rx: Receiver;
let db: TestDatabase;
const servers: TestServer[] = [];
const streams: { text: string; stop: AbortController }[] = [];
let config = "";

type Hook = { event: string; incident: { id: number; root: { id: string }; affected: string[] } };
const hooks = () => rx.received.filter((r) => r.path === "/hook").map((r) => ({ ...(JSON.parse(r.body) as Hook), delivery: String(r.headers["x-depwatch-delivery"]) }));
const chats = () => rx.received.filter((r) => r.path === "/chat").map((r) => JSON.parse(r.body) as { text: string });
const hooksOf = (root: string) => hooks().filter((h) => h.incident.root.id === root);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Health = { cluster?: { instance: string; instances: number; alerting?: boolean } };
/** The one instance that drives the alerting, once every live instance agrees there is exactly one. */
async function driver(): Promise<TestServer | undefined> {
  const health = await Promise.all(servers.map((s) => json<Health>(`${s.url}/api/health`)));
  if (health.some((h) => h.cluster?.instances !== servers.length)) return undefined;
  const leads = servers.filter((_, i) => health[i]!.cluster?.alerting === true);
  return leads.length === 1 ? leads[0] : undefined;
}

const openIncidents = (s: TestServer) => json<{ incidents: IncidentView[] }>(`${s.url}/api/incidents?open=1`).then((b) => b.incidents);

/** Reads an instance's live stream in the background. */
async function watch(s: TestServer): Promise<{ text: string; stop: AbortController }> {
  const stop = new AbortController();
  const res = await fetch(`${s.url}/api/events`, { signal: stop.signal });
  const stream = { text: "", stop };
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  void (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) return;
      stream.text += dec.decode(r.value, { stream: true });
    }
  })();
  return stream;
}

beforeAll(async () => {
  target = createServer((req, res) => {
    const id = (req.url ?? "/").slice(1);
    // Dependents fail while their root is down, as a real outage looks.
    const failing = down.has(id) || (id.startsWith("dep-") && down.has("root-db"));
    res.statusCode = failing ? 503 : 200;
    res.end(failing ? "no" : "ok");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  rx = await startReceiver();
  db = await createTestDatabase();
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  config = `
defaults: { interval: 1s, timeout: 800ms, retries: 0, failureThreshold: 1 }
notify:
  baseUrl: http://dash.test
  channels:
    - { id: hook, type: webhook, url: "${rx.url}/hook", secret: cluster-hook-secret }
    - { id: chat, type: slack, url: "${rx.url}/chat" }
  routes:
    - { channels: [hook], after: 2s }
    - { channels: [chat], groups: [data], after: 2s }
services:
  - { id: root-db, group: data, check: { type: http, url: "${base}/root-db" } }
${DEPENDENTS.map((id) => `  - { id: ${id}, group: app, dependsOn: [root-db], check: { type: http, url: "${base}/${id}" } }`).join("\n")}
  - { id: cache, group: data, check: { type: http, url: "${base}/cache" } }
`;
  for (const n of [1, 2, 3]) servers.push(await startServer({ config, env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_LEASE: "2s", DEPWATCH_INSTANCE_ID: `a${n}` } }));
  await waitFor(async () => {
    const health = await Promise.all(servers.map((s) => json<Health>(`${s.url}/api/health`)));
    return health.every((h) => h.cluster?.instances === 3) ? true : undefined;
  }, 30_000, "three instances");
}, 180_000);

afterAll(async () => {
  for (const s of streams) s.stop.abort();
  for (const s of servers) await s.stop("SIGKILL").catch(() => undefined);
  await db?.drop();
  await rx?.close();
  target?.close();
});

describe("incidents, notifications and silences shared by three instances", () => {
  it("one root outage opens one incident seen by every instance, sends one notification per route and one resolve", async () => {
    for (const s of servers) streams.push(await watch(s));
    down.add("root-db");
    await waitFor(() => (hooksOf("root-db").length > 0 && chats().length > 0 ? true : undefined), 20_000, "the first notifications");
    const views = await waitFor(async () => {
      const all = await Promise.all(servers.map(openIncidents));
      return all.every((v) => v.length === 1 && v[0]!.affected.length === DEPENDENTS.length) ? all : undefined;
    }, 15_000, "the incident with every dependent on every instance");
    const id = views[0]![0]!.id;
    for (const v of views) expect(v.map((i) => [i.id, i.root, i.affected])).toEqual([[id, "root-db", DEPENDENTS]]);
    // Every instance's live stream told its pages, whichever instance opened the incident.
    for (const s of streams) expect(s.text).toMatch(new RegExp(`event: incident\\ndata: [^\\n]*"change":"opened"[^\\n]*"id":${id},"root":"root-db"`));
    // Several more check rounds on three instances: nothing more may be sent.
    await sleep(3_000);
    expect(hooks().map((h) => [h.event, h.incident.id, h.delivery])).toEqual([["trigger", id, `i${id}:hook:trigger`]]);
    expect(hooks()[0]!.incident.affected).toEqual(DEPENDENTS);
    expect(chats()).toHaveLength(1);

    down.delete("root-db");
    await waitFor(() => (hooksOf("root-db").length === 2 && chats().length === 2 ? true : undefined), 20_000, "the resolves");
    await sleep(2_500);
    expect(hooks().map((h) => [h.event, h.delivery])).toEqual([["trigger", `i${id}:hook:trigger`], ["resolve", `i${id}:hook:resolve`]]);
    expect(chats()).toHaveLength(2);
    for (const s of servers) {
      expect(await openIncidents(s)).toEqual([]);
      const detail = await json<IncidentView & { notifications: DeliveryView[] }>(`${s.url}/api/incidents/${id}`);
      expect(detail.open).toBe(false);
      expect(detail.notifications.map((d) => d.state)).toEqual(["sent", "sent", "sent", "sent"]);
    }
  }, 90_000);

  it("a silence made on one instance suppresses notifications the driving instance would send, and shows on every instance", async () => {
    const lead = await waitFor(driver, 20_000, "one driving instance");
    const [a, c] = servers.filter((s) => s !== lead);
    const made = await json<SilenceView>(`${a!.url}/api/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ services: ["cache"], duration: "1h", reason: "failover drill", createdBy: "ops" }) });
    for (const s of servers) expect((await json<{ silences: SilenceView[] }>(`${s.url}/api/silences`)).silences.map((x) => [x.id, x.active])).toEqual([[made.id, true]]);
    await waitFor(async () => {
      const status = await json<{ services: { id: string; status: string }[] }>(`${lead!.url}/api/status`);
      return status.services.find((x) => x.id === "cache")?.status === "maintenance" ? true : undefined;
    }, 3_000, "the driver to show cache in maintenance");
    const before = rx.received.length;
    down.add("cache");
    await sleep(4_000);
    expect(rx.received.length).toBe(before);
    for (const s of servers) expect(await openIncidents(s)).toEqual([]);

    // Ended on a third instance: the outage it hid is announced at once, and once.
    expect((await fetch(`${c!.url}/api/silences/${made.id}`, { method: "DELETE" })).status).toBe(200);
    await waitFor(() => (hooksOf("cache").length > 0 ? true : undefined), 15_000, "the cache trigger");
    await sleep(2_500);
    expect(hooksOf("cache").map((h) => h.event)).toEqual(["trigger"]);
    expect(chats()).toHaveLength(3);
  }, 60_000);

  it("kill -9 of the driving instance: another takes over, nothing is sent twice and nothing is lost", async () => {
    const lead = (await waitFor(driver, 20_000, "one driving instance"))!;
    const cacheIncident = hooksOf("cache")[0]!.incident.id;
    await lead.stop("SIGKILL");
    const killedAt = Date.now();
    servers.splice(servers.indexOf(lead), 1);
    // While nobody drives: the open incident recovers and a new outage starts.
    down.delete("cache");
    down.add("root-db");
    const next = await waitFor(driver, 30_000, "another instance to take over");
    const takeoverMs = Date.now() - killedAt;
    await waitFor(() => (hooksOf("cache").length === 2 && hooksOf("root-db").length === 3 ? true : undefined), 30_000, `the resolve and the new trigger (driver ${next!.url})`);
    await sleep(3_000);
    expect(hooksOf("cache").map((h) => [h.event, h.delivery])).toEqual([["trigger", `i${cacheIncident}:hook:trigger`], ["resolve", `i${cacheIncident}:hook:resolve`]]);
    const fresh = hooksOf("root-db")[2]!.incident.id;
    expect(hooksOf("root-db").map((h) => h.event)).toEqual(["trigger", "resolve", "trigger"]);
    expect(fresh).toBeGreaterThan(cacheIncident);
    const ids = hooks().map((h) => h.delivery);
    expect(new Set(ids).size).toBe(ids.length);
    // Chat takes the data group: root-db and cache, each trigger and resolve once, plus the new trigger.
    expect(chats()).toHaveLength(5);
    for (const s of servers) expect((await openIncidents(s)).map((i) => [i.id, i.root])).toEqual([[fresh, "root-db"]]);
    expect(takeoverMs).toBeLessThan(30_000);
    process.stdout.write(`alerting taken over ${takeoverMs} ms after kill -9\n`);
  }, 90_000);

  it("SIGTERM of the driving instance mid-send: the send finishes and is recorded, the other instance carries on without repeating it", async () => {
    const lead = (await waitFor(driver, 20_000, "one driving instance"))!;
    const other = servers.find((s) => s !== lead)!;
    const before = hooksOf("cache").length;
    rx.respond = { status: 200, body: "ok", holdMs: 1_500 };
    down.add("cache");
    await waitFor(() => (hooksOf("cache").length > before ? true : undefined), 20_000, "the trigger to reach the receiver");
    const incident = hooksOf("cache").at(-1)!.incident.id;
    // The receiver holds its answer: the delivery is in flight when the driver is told to stop.
    expect(await lead.stop("SIGTERM")).toBe(0);
    servers.splice(servers.indexOf(lead), 1);
    rx.respond = { status: 200, body: "ok" };
    await waitFor(driver, 15_000, "the remaining instance to drive");
    const trigger = await waitFor(async () => {
      const d = await json<{ notifications: DeliveryView[] }>(`${other.url}/api/incidents/${incident}`);
      return d.notifications.find((n) => n.channel === "hook" && n.kind === "trigger");
    }, 5_000, "the trigger's delivery");
    expect(trigger.state).toBe("sent");
    down.delete("cache");
    await waitFor(() => (hooksOf("cache").length === before + 2 ? true : undefined), 20_000, "the resolve");
    await sleep(2_500);
    expect(hooksOf("cache").slice(before).map((h) => [h.event, h.delivery])).toEqual([["trigger", `i${incident}:hook:trigger`], ["resolve", `i${incident}:hook:resolve`]]);
    const ids = hooks().map((h) => h.delivery);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);

  it("without NOTIFY (polling): incident changes, silences and a send test still reach every instance", async () => {
    const open = await openIncidents(servers[0]!);
    expect(open.map((i) => i.root)).toEqual(["root-db"]);
    for (const s of servers.splice(0)) await s.stop("SIGKILL");
    for (const n of [4, 5]) servers.push(await startServer({ config, env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_LEASE: "2s", DEPWATCH_INSTANCE_ID: `a${n}`, DEPWATCH_CLUSTER_NOTIFY: "off" } }));
    const lead = (await waitFor(driver, 30_000, "one driving instance of the two"))!;
    const follower = servers.find((s) => s !== lead)!;
    expect((await json<{ cluster: { relay: string } }>(`${follower.url}/api/health`)).cluster.relay).toBe("polling");
    // Uptime continues from the shared status log: these instances never saw cache down themselves.
    for (const s of servers) {
      const cache = await json<{ uptime: Record<"24h", { downMs: number; upMs: number }> }>(`${s.url}/api/services/cache`);
      expect(cache.uptime["24h"].downMs, s.url).toBeGreaterThan(1_000);
    }
    const live = await watch(follower);
    streams.push(live);
    await sleep(1_500);
    const resolves = hooksOf("root-db").length;
    down.delete("root-db");
    await waitFor(() => (hooksOf("root-db").length === resolves + 1 ? true : undefined), 20_000, "the resolve from the new driver");
    await waitFor(() => (new RegExp(`event: incident\ndata: [^\n]*"change":"closed"[^\n]*"id":${open[0]!.id},`).test(live.text) ? true : undefined), 5_000, "the closed incident on the follower's stream");
    expect(hooksOf("root-db").at(-1)).toMatchObject({ event: "resolve", delivery: `i${open[0]!.id}:hook:resolve` });

    await json<SilenceView>(`${follower.url}/api/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ services: ["dep-0"], duration: "1h", reason: "polling drill", createdBy: "ops" }) });
    await waitFor(async () => {
      const status = await json<{ services: { id: string; status: string }[] }>(`${lead.url}/api/status`);
      return status.services.find((x) => x.id === "dep-0")?.status === "maintenance" ? true : undefined;
    }, 8_000, "the driver to read the silence");

    const sent = await json<DeliveryView>(`${follower.url}/api/notifications/test/hook`, { method: "POST" });
    expect(sent).toMatchObject({ channel: "hook", kind: "test" });
    await waitFor(() => (hooks().some((h) => h.event === "test") ? true : undefined), 10_000, "the test notice sent by the driver");
    await sleep(1_000);
    expect(hooks().filter((h) => h.event === "test")).toHaveLength(1);
  }, 120_000);
});
