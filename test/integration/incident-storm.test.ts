import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { createLogger } from "@/lib/log";
import { statusView } from "@/lib/api/status-view";
import { Engine } from "@/lib/runtime/engine";
import { linkMaker } from "@/lib/share/incident-links";
import { SqliteStore } from "@/lib/store/sqlite";
import { waitFor } from "@/test/fixtures/server";
import { startReceiver, type Receiver } from "@/test/fixtures/receivers";

// A real engine (scheduler, http checks, SQLite history) against a real target whose root can be
// switched off, and real local receivers for the webhook and Slack channels.
const DEPENDENTS = Array.from({ length: 50 }, (_, i) => `dep-${String(i).padStart(2, "0")}`);
let target: Server;
let rx: Receiver;
let engine: Engine;
let dir: string;
let rootUp = false;
const stuck = new Set<string>();

type Hook = { event: string; text: string; incident: { id: number; root: { id: string }; affected: string[] }; links: { incident?: string; share?: string } };
const hooks = () => rx.received.filter((r) => r.path === "/hook").map((r) => JSON.parse(r.body) as Hook);
const slack = () => rx.received.filter((r) => r.path === "/slack").map((r) => JSON.parse(r.body) as { text: string });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "depwatch-storm-"));
  process.env.DEPWATCH_DATA = dir;
  target = createServer((req, res) => {
    const id = req.url?.slice(1) ?? "";
    const ok = rootUp && !stuck.has(id);
    res.statusCode = ok ? 200 : 503;
    res.end(ok ? "ok" : "no");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  rx = await startReceiver();
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const yaml = `
# Timeouts well above the targets' answer time: a check timed out by a starved CPU would flap the root.
defaults: { interval: 600ms, timeout: 550ms, retries: 0, failureThreshold: 1 }
notify:
  baseUrl: http://dash.test
  channels:
    - { id: hook, type: webhook, url: "${rx.url}/hook", secret: storm-secret }
    - { id: chat, type: slack, url: "${rx.url}/slack" }
    - { id: web-only, type: ntfy, url: "${rx.url}/ntfy", topic: web }
  routes:
    - { channels: [hook], after: 2s }
    - { channels: [chat], groups: [data], sendResolved: false, after: 2s }
    - { channels: [web-only], groups: [web] }
services:
  - { id: root-db, group: data, check: { type: http, url: "${base}/root-db" } }
${DEPENDENTS.map((id) => `  - { id: ${id}, group: app, dependsOn: [root-db], check: { type: http, url: "${base}/${id}" } }`).join("\n")}
`;
  const parsed = parseConfig(yaml, {});
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  engine = new Engine({ config: parsed.config, store: new SqliteStore(join(dir, "db"), { pruneIntervalMs: 0 }), log: createLogger({ write: () => undefined }), source: "test", alerting: { tickMs: 100, queue: { initialBackoffMs: 50 } } });
  // As the server does: notifications carry a share snapshot taken from the API's status view.
  engine.setLinkMaker(linkMaker({ status: () => statusView(engine), listChecks: (id, q) => engine.listChecks(id, q), scrub: engine.scrub }, () => engine.config.notify?.baseUrl));
  await engine.start();
});

afterAll(async () => {
  await engine.shutdown(1_000);
  await rx.close();
  await new Promise((r) => target.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("one root with 50 dependents", () => {
  it("sends one notification per route while every dependent is blocked", async () => {
    await waitFor(() => (hooks().length > 0 && slack().length > 0 ? true : undefined), 15_000, "first notifications");
    await waitFor(() => (DEPENDENTS.every((id) => engine.graphStatuses().get(id)?.status === "blocked") ? true : undefined), 10_000, "all blocked");
    // Several more check rounds: nothing new may be sent.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(hooks().map((h) => [h.event, h.incident.root.id])).toEqual([["trigger", "root-db"]]);
    expect(slack()).toHaveLength(1);
    expect(slack()[0]!.text).toMatch(/^:red_circle: root-db is down — blocking dep-\d\d, dep-\d\d, dep-\d\d \(\+\d+\)$/);
    expect(rx.received.filter((r) => r.path.startsWith("/ntfy") || r.path === "/")).toHaveLength(0);
    const [h] = hooks();
    expect(h!.links.incident).toBe(`http://dash.test/incidents/${h!.incident.id}`);
    expect(h!.links.share).toMatch(/^http:\/\/dash\.test\/share\/.+/);
    const open = await engine.alerting.store.openIncidents();
    expect(open.map((i) => i.root)).toEqual(["root-db"]);
    expect(open[0]!.affected).toEqual(DEPENDENTS);
  });

  it("sends one resolve when the root recovers, and a dependent still failing opens its own incident", async () => {
    stuck.add("dep-07");
    rootUp = true;
    await waitFor(() => (hooks().some((h) => h.event === "resolve") ? true : undefined), 10_000, "resolve");
    await waitFor(() => (hooks().some((h) => h.incident.root.id === "dep-07") ? true : undefined), 10_000, `dep-07 incident (open: ${JSON.stringify(await engine.alerting.store.openIncidents())}, dep-07: ${engine.graphStatuses().get("dep-07")?.status})`);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(hooks().map((h) => [h.event, h.incident.root.id])).toEqual([
      ["trigger", "root-db"],
      ["resolve", "root-db"],
      ["trigger", "dep-07"],
    ]);
    // The chat route takes only the data group and sends no resolve.
    expect(slack()).toHaveLength(1);
    const all = (await engine.alerting.store.listIncidents({ limit: 10 })).incidents;
    expect(all.map((i) => [i.root, i.endedAt === undefined])).toEqual([
      ["dep-07", true],
      ["root-db", false],
    ]);
  });

  it("keeps uptime with the root's own downtime and the dependents' blocked time apart", () => {
    const root = engine.uptime("root-db")["24h"];
    const dep = engine.uptime("dep-01")["24h"];
    expect(root.downMs).toBeGreaterThan(1_000);
    expect(root.dependencyMs).toBe(0);
    expect(dep.dependencyMs).toBeGreaterThan(1_000);
    expect(dep.percent).toBeLessThan(100);
  });
});
