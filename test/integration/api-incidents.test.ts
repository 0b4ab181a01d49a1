import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryView, IncidentView, ServiceView, SilenceView } from "@/lib/api/shapes";
import { startReceiver, type Receiver } from "@/test/fixtures/receivers";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// The built server against a real target and a real webhook receiver.
let target: Server;
let rx: Receiver;
let srv: TestServer;
let dbUp = false;
const HOOK_SECRET = "hook-secret-for-tests";

beforeAll(async () => {
  target = createServer((req, res) => {
    const ok = req.url === "/ok" || (req.url === "/db" && dbUp);
    res.statusCode = ok ? 200 : 503;
    res.end(ok ? "ok" : "no");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  rx = await startReceiver();
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  srv = await startServer({
    config: `
defaults: { retries: 0, failureThreshold: 1, timeout: 300ms, interval: 300ms }
notify:
  channels:
    - { id: ops-hook, type: webhook, url: "${rx.url}/hook", secret: "${HOOK_SECRET}" }
  routes:
    - { channels: [ops-hook], after: 1s }
services:
  - { id: orders-db, group: data, check: { type: http, url: "${base}/db" } }
  - { id: api, dependsOn: [orders-db], check: { type: http, url: "${base}/db" } }
  - { id: web, group: front, check: { type: http, url: "${base}/ok" } }
`,
  });
});

afterAll(async () => {
  await srv?.stop();
  await rx.close();
  await new Promise((r) => target.close(r));
});

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${srv.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

/** Reads an SSE response until `until` matches the text so far (or the stream ends). */
async function readUntil(res: Response, until: RegExp, timeoutMs = 15_000): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!until.test(text)) {
      const r = await reader.read();
      if (r.done) break;
      text += dec.decode(r.value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

describe("incidents over HTTP", () => {
  it("lists the open incident with what it blocks, and logs its notification", async () => {
    const page = await waitFor(async () => {
      const p = await get<{ incidents: (IncidentView & { notifications: number })[] }>("/api/incidents?open=1");
      return p.incidents[0]?.affected.includes("api") && p.incidents[0].notifications === 1 ? p : undefined;
    }, 20_000, "an open incident with one notification");
    expect(page.incidents.map((i) => [i.root, i.open])).toEqual([["orders-db", true]]);
    const own = await get<{ incidents: IncidentView[] }>("/api/incidents?service=api");
    expect(own.incidents.map((i) => i.root)).toEqual(["orders-db"]);
    expect((await get<{ incidents: IncidentView[] }>("/api/incidents?service=web")).incidents).toEqual([]);
    const log = await get<{ notifications: DeliveryView[]; channels: { id: string; type: string }[] }>("/api/notifications");
    expect(log.notifications.map((d) => [d.channel, d.kind, d.state])).toEqual([["ops-hook", "trigger", "sent"]]);
    expect(log.channels).toEqual([{ id: "ops-hook", type: "webhook" }]);
    // Secrets never leave the server: not the signing secret, not the receiver's URL.
    expect(JSON.stringify(log)).not.toContain(HOOK_SECRET);
    const detail = await fetch(`${srv.url}/api/incidents/${page.incidents[0]!.id}`);
    expect(detail.status).toBe(200);
    const html = await (await fetch(`${srv.url}/incidents/${page.incidents[0]!.id}`)).text();
    expect(html).toContain("orders-db");
    expect(html).not.toContain(HOOK_SECRET);
    expect((await fetch(`${srv.url}/api/incidents/999999`)).status).toBe(404);
    const list = await fetch(`${srv.url}/incidents`);
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("Open incidents");
    expect(listHtml).toMatch(/data-incident="\d+"[^]*orders-db/);
    expect(listHtml).not.toContain(HOOK_SECRET);
  });

  it("sends a test notification per channel, and 404s an unknown channel", async () => {
    const before = rx.received.length;
    const res = await fetch(`${srv.url}/api/notifications/test/ops-hook`, { method: "POST" });
    expect(res.status).toBe(202);
    await waitFor(() => (rx.received.length > before ? true : undefined), 10_000, "test delivery");
    expect(JSON.parse(rx.received.at(-1)!.body)).toMatchObject({ event: "test" });
    expect((await fetch(`${srv.url}/api/notifications/test/nope`, { method: "POST" })).status).toBe(404);
  });

  it("a silence puts a service in maintenance, pushes an incident event when the root recovers, and ends", async () => {
    const bad = await fetch(`${srv.url}/api/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ services: ["web"], reason: "x" }) });
    expect(bad.status).toBe(400);
    const res = await fetch(`${srv.url}/api/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ services: ["web"], duration: "1h", reason: "deploy", createdBy: "ana" }) });
    expect(res.status).toBe(201);
    const s = (await res.json()) as SilenceView;
    expect(s).toMatchObject({ services: ["web"], reason: "deploy", createdBy: "ana", active: true });
    const status = await get<{ services: ServiceView[] }>("/api/status");
    expect(status.services.find((x) => x.id === "web")?.status).toBe("maintenance");
    expect((await get<{ silences: SilenceView[] }>("/api/silences")).silences.map((x) => x.id)).toContain(s.id);

    const events = await fetch(`${srv.url}/api/events`);
    dbUp = true;
    const text = await readUntil(events, /event: incident\ndata: .*"change":"closed"/);
    expect(text).toMatch(/event: incident\ndata: .*"root":"orders-db"/);
    await waitFor(() => (rx.received.some((r) => JSON.parse(r.body).event === "resolve") ? true : undefined), 10_000, "resolve");

    expect((await fetch(`${srv.url}/api/silences/${s.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await fetch(`${srv.url}/api/silences/${s.id}`, { method: "DELETE" })).status).toBe(404);
    const after = await get<{ services: ServiceView[] }>("/api/status");
    expect(after.services.find((x) => x.id === "web")?.status).not.toBe("maintenance");
  });
});
