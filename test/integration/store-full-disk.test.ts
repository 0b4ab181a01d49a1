import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteStore } from "@/lib/store/sqlite";
import type { WriteReport } from "@/lib/store/write-health";
import { mountSmallDisk, type SmallDisk } from "@/test/fixtures/full-disk";
import { makeCheck, seeded } from "@/test/fixtures/history-data";
import { waitFor } from "@/test/fixtures/server";

let disk: SmallDisk | undefined;
let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close().catch(() => undefined);
  disk?.dispose();
  disk = store = undefined;
});

// A real full disk (an 8 MiB tmpfs filled to the last byte) under a real SQLite store.
describe("SqliteStore on a disk that fills up mid-run", () => {
  it("says it is failing, reports once, keeps a bounded backlog, and recovers by itself", async () => {
    disk = mountSmallDisk(8192);
    const reports: NonNullable<WriteReport>[] = [];
    store = new SqliteStore(join(disk.dir, "data"), { pruneIntervalMs: 0, flushMs: 20, maxBacklog: 2_000, onReport: (r) => reports.push(r) });
    const r = seeded(15);
    const running = store;
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 50; i++) running.append(makeCheck("api", t0 + i, r));
    await running.flush();
    expect(running.health()).toEqual({ status: "ok", backlog: 0, dropped: 0 });

    disk.fill();
    // Many checks with unique messages need new pages, which the full disk refuses.
    for (let i = 0; i < 5_000; i++) running.append({ ...makeCheck("api", t0 + 100 + i, r, { passed: false, failures: 1 }), attempts: [{ n: 1, startedAt: t0 + 100 + i, durationMs: 5, outcome: "refused", message: `unique ${i} ${"x".repeat(40)}` }] });
    await waitFor(() => (running.health().status === "failing" ? true : undefined), 10_000, "storage failing");
    // Reads go on while failing, and neither they nor appends retry (or log) each time.
    for (let i = 0; i < 200; i++) await running.listChecks("api", { limit: 1 });
    const health = running.health();
    expect(health.status).toBe("failing");
    expect(health.error).toMatch(/full|disk/i);
    expect(health.backlog).toBe(2_000);
    expect(health.dropped).toBe(3_000);
    expect(reports.map((x) => x.kind)).toEqual(["failing"]);

    disk.free();
    await waitFor(() => (running.health().status === "ok" ? true : undefined), 15_000, "storage recovered").catch((e: unknown) => { throw new Error(`${String(e)} ${JSON.stringify(running.health())}`); });
    expect(reports.map((x) => x.kind)).toEqual(["failing", "recovered"]);
    expect(running.health()).toEqual({ status: "ok", backlog: 0, dropped: 0 });
    const newest = await running.listChecks("api", { limit: 1 });
    expect(newest.checks[0]?.attempts[0]?.message).toMatch(/^unique 4999 /);
  });
});
