import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteContext } from "@/lib/store/sqlite-context";
import { openSchema, SCHEMA_VERSION } from "@/lib/store/sqlite-schema";
import { writeBatch } from "@/lib/store/sqlite-write";
import { DB_FILE, SqliteStore } from "@/lib/store/sqlite";
import { HOUR_MS } from "@/lib/store/stats";
import { expectedChecks, makeCheck, makeHistory, seeded, T0 } from "../fixtures/history-data";
import { readAllPages, storeContract } from "../fixtures/store-contract";

const root = mkdtempSync(join(tmpdir(), "depwatch-store-"));
let n = 0;
const freshDir = () => join(root, `db-${++n}`, "nested");
afterAll(() => rmSync(root, { recursive: true, force: true }));

storeContract("SqliteStore", async (options) => new SqliteStore(freshDir(), options));

describe("SqliteStore", () => {
  it("creates the directory and a WAL database with incremental auto-vacuum", async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    expect(existsSync(join(dir, DB_FILE))).toBe(true);
    const db = new Database(join(dir, DB_FILE), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(2);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    await store.close();
  });

  it("keeps everything across close and reopen, and ids continue", async () => {
    const dir = freshDir();
    const first = new SqliteStore(dir, { pruneIntervalMs: 0 });
    const records = makeHistory(200, 21).map((c) => first.append(c));
    first.saveCounters("alpha", { status: "degraded", passStreak: 2, cleanStreak: 0, failStreak: 0, since: T0 });
    await first.close();
    const second = new SqliteStore(dir, { pruneIntervalMs: 0 });
    for (const svc of ["alpha", "beta", "gamma"]) expect(await readAllPages(second, svc, { limit: 13 })).toEqual(expectedChecks(records, svc, {}));
    expect((await second.loadCounters()).get("alpha")).toEqual({ status: "degraded", passStreak: 2, cleanStreak: 0, failStreak: 0, since: T0 });
    const next = second.append(makeCheck("alpha", T0 + 99 * HOUR_MS, seeded(1)));
    expect(next.id).toBeGreaterThan(records[records.length - 1]!.id);
    await second.close();
  });

  it("reads a database written with small counter ids, and new ids page above them", async () => {
    const dir = freshDir();
    new SqliteStore(dir, { pruneIntervalMs: 0 }).close();
    // Older versions numbered checks 1, 2, 3 …: write such a history through the same batch writer.
    const db = new Database(join(dir, DB_FILE));
    openSchema(db);
    const old = makeHistory(120, 17).map((c, i) => ({ ...c, id: i + 1 }));
    writeBatch(new SqliteContext(db), old, new Map());
    db.close();
    const store = new SqliteStore(dir, { pruneIntervalMs: 0 });
    const fresh = [T0 + 200 * HOUR_MS, T0 + 201 * HOUR_MS].map((t, i) => store.append(makeCheck("alpha", t, seeded(i))));
    expect(fresh[0]!.id).toBeGreaterThan(old.length);
    const all = [...old, ...fresh];
    for (const svc of ["alpha", "beta", "gamma"]) expect(await readAllPages(store, svc, { limit: 11 })).toEqual(expectedChecks(all, svc, {}));
    await store.close();
  });

  it("never reuses ids after a prune removed the newest checks", async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { retentionMs: HOUR_MS, pruneIntervalMs: 0 });
    const last = makeHistory(50, 2).map((c) => store.append(c)).pop()!;
    expect((await store.prune(T0 + 100 * HOUR_MS)).checks).toBe(50);
    await store.close();
    const reopened = new SqliteStore(dir, { pruneIntervalMs: 0 });
    expect(reopened.append(makeCheck("alpha", T0, seeded(3))).id).toBe(last.id + 1);
    await reopened.close();
  });

  it("writes queued checks on its own timer, in the background", async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { flushMs: 20, pruneIntervalMs: 0 });
    store.append(makeCheck("alpha", T0, seeded(4)));
    const reader = new Database(join(dir, DB_FILE), { readonly: true });
    const count = () => reader.prepare("SELECT count(*) FROM checks").pluck().get() as number;
    expect(count()).toBe(0);
    const deadline = Date.now() + 5_000;
    while (count() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(count()).toBe(1);
    reader.close();
    await store.close();
  });

  it("stores a repeated message once and drops messages no kept check uses", async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { retentionMs: HOUR_MS, pruneIntervalMs: 0 });
    const r = seeded(6);
    for (let i = 0; i < 100; i++) {
      const c = makeCheck("alpha", T0 + i * 1000, r, { failures: 1 });
      c.attempts[0]!.message = "connect ECONNREFUSED 127.0.0.1:5432";
      c.attempts[1]!.message = i === 99 ? "kept message" : "HTTP 200";
      store.append(c);
    }
    store.append({ ...makeCheck("alpha", T0 + 5 * HOUR_MS, r), attempts: [{ n: 1, startedAt: T0 + 5 * HOUR_MS, durationMs: 3, outcome: "ok", message: "kept message" }] });
    await store.flush();
    const db = new Database(join(dir, DB_FILE), { readonly: true });
    const texts = () => (db.prepare("SELECT text FROM messages ORDER BY text").pluck().all() as string[]);
    expect(texts()).toEqual(["HTTP 200", "connect ECONNREFUSED 127.0.0.1:5432", "kept message"]);
    await store.prune(T0 + 3 * HOUR_MS);
    expect(texts()).toEqual(["kept message"]);
    db.close();
    expect((await store.listChecks("alpha", { limit: 5 })).checks[0]?.attempts[0]?.message).toBe("kept message");
    await store.close();
  });

  it("returns the file's free pages after a large prune", async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { retentionMs: HOUR_MS, pruneIntervalMs: 0 });
    for (const c of makeHistory(20_000, 9, 5_000)) store.append(c);
    await store.flush();
    const db = new Database(join(dir, DB_FILE), { readonly: true });
    const pages = () => db.pragma("page_count", { simple: true }) as number;
    const before = pages();
    await store.prune(T0 + 200 * HOUR_MS);
    expect(pages()).toBeLessThan(before / 4);
    expect(db.pragma("freelist_count", { simple: true })).toBeLessThan(pages() / 4);
    db.close();
    await store.close();
  });

  it("refuses a database written by a newer schema", () => {
    const dir = freshDir();
    new SqliteStore(dir, { pruneIntervalMs: 0 }).close();
    const db = new Database(join(dir, DB_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(dir, { pruneIntervalMs: 0 })).toThrow(/newer/);
  });
});
