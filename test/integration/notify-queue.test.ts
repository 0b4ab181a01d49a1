import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channelSchema } from "@/lib/config/notify-schema";
import type { Notice } from "@/lib/notify/message";
import { DeliveryQueue } from "@/lib/notify/queue";
import { SqliteStore } from "@/lib/store/sqlite";
import { startReceiver, type Receiver } from "@/test/fixtures/receivers";
import { waitFor } from "@/test/fixtures/server";

// The durable queue over a real SQLite file and a real receiver; "restart" closes the store and
// opens the same file again, as a process restart does.
let rx: Receiver;
let dir: string;
const stores: SqliteStore[] = [];
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  rx.received.length = 0;
  rx.respond = { status: 200, body: "ok" };
});

function open(): SqliteStore {
  const s = new SqliteStore(dir, { pruneIntervalMs: 0 });
  stores.push(s);
  return s;
}

function queueOn(store: SqliteStore, initialBackoffMs = 50) {
  const hook = channelSchema.parse({ id: "hook", type: "webhook", url: `${rx.url}/hook` });
  return new DeliveryQueue({ store: store.alerts, channels: () => new Map([["hook", hook]]), initialBackoffMs, maxAttempts: 3 });
}

function notice(key: string): string {
  const n: Notice = { kind: "trigger", deliveryId: key, incidentId: 1, root: { id: "db", name: "db", group: "" }, affected: [], startedAt: Date.now(), links: {} };
  return JSON.stringify(n);
}

describe("delivery queue", () => {
  it("queues a key once, however often it is planned", async () => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-q-"));
    const store = open();
    expect(await store.alerts.enqueue({ key: "i1:hook:trigger", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("i1:hook:trigger") }, 1)).toBe(true);
    expect(await store.alerts.enqueue({ key: "i1:hook:trigger", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("i1:hook:trigger") }, 2)).toBe(false);
  });

  it("retries with backoff after 5xx and logs the attempts", async () => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-q-"));
    const store = open();
    rx.respond = { status: 503, body: "busy" };
    await store.alerts.enqueue({ key: "k", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("k") }, Date.now());
    // A backoff long enough that the receiver is healthy again before the retry.
    const q = queueOn(store, 1_000);
    q.start();
    await waitFor(() => (rx.received.length >= 1 ? true : undefined), 5_000);
    rx.respond = { status: 200, body: "ok" };
    const d = await waitFor(async () => (await store.alerts.listDeliveries({ limit: 1 })).deliveries.find((x) => x.state === "sent"), 5_000, "sent");
    await q.stop();
    expect(d.attempts).toBe(2);
    expect(rx.received).toHaveLength(2);
  });

  it("gives up at once on a 4xx", async () => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-q-"));
    const store = open();
    rx.respond = { status: 404, body: "gone" };
    await store.alerts.enqueue({ key: "k", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("k") }, Date.now());
    const q = queueOn(store);
    q.start();
    const d = await waitFor(async () => (await store.alerts.listDeliveries({ limit: 1 })).deliveries.find((x) => x.state === "failed"), 5_000, "failed");
    await q.stop();
    expect(d).toMatchObject({ attempts: 1, error: "receiver answered 404: gone" });
  });

  it("a restart mid-delivery neither loses nor repeats a notification", async () => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-q-"));
    let store = open();
    rx.respond = { status: 200, body: "ok", holdMs: 400 };
    await store.alerts.enqueue({ key: "a", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("a") }, Date.now());
    let q = queueOn(store);
    q.start();
    await waitFor(() => (rx.received.length === 1 ? true : undefined), 5_000, "delivery started");
    // Queued while the first is in flight, after the queue stopped taking work: must survive.
    await q.stop();
    await store.alerts.enqueue({ key: "b", incidentId: 1, channel: "hook", kind: "resolve", notice: notice("b") }, Date.now());
    await store.close();
    stores.length = 0;

    store = open();
    expect((await store.alerts.listDeliveries({ limit: 5 })).deliveries.map((d) => [d.key, d.state])).toEqual([["b", "pending"], ["a", "sent"]]);
    q = queueOn(store);
    q.start();
    await waitFor(async () => (await store.alerts.listDeliveries({ limit: 5 })).deliveries.every((d) => d.state === "sent") || undefined, 5_000, "all sent");
    await new Promise((r) => setTimeout(r, 200));
    await q.stop();
    expect(rx.received.map((r) => r.headers["x-depwatch-delivery"])).toEqual(["a", "b"]);
  });

  it("after a crash, a delivery left sending goes out again with the same delivery id", async () => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-q-"));
    const store = open();
    await store.alerts.enqueue({ key: "c", incidentId: 1, channel: "hook", kind: "trigger", notice: notice("c") }, Date.now());
    expect(await store.alerts.claimDue(Date.now(), 1, 60_000)).toHaveLength(1);
    const q = queueOn(store);
    q.start();
    await waitFor(async () => (await store.alerts.listDeliveries({ limit: 1 })).deliveries.find((x) => x.state === "sent"), 5_000, "sent");
    await q.stop();
    expect(rx.received.map((r) => r.headers["x-depwatch-delivery"])).toEqual(["c"]);
  });
});
