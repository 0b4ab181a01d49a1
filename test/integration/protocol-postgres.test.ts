import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, freePort, requireService, spawnServer, type Spawned } from "@/test/fixtures/protocol-servers";

// The machine's PostgreSQL trusts every connection from 127.0.0.1 (pg_hba.conf: host all all
// 127.0.0.1/32 trust), so a wrong password succeeds there. Wrong passwords are tested against a
// throwaway cluster initialised with scram-sha-256; the shared server covers the rest.
const SHARED = "postgres://postgres@127.0.0.1:5432/test";
const PASSWORD = "pg-fixture-pw-71";

async function sharedSql(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SHARED });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe("postgres check (shared server, trust auth)", () => {
  beforeAll(async () => {
    await requireService("PostgreSQL", 5432);
    await sharedSql("DROP ROLE IF EXISTS depwatch_nologin");
    await sharedSql("CREATE ROLE depwatch_nologin NOLOGIN");
  });
  afterAll(async () => {
    await sharedSql("DROP ROLE IF EXISTS depwatch_nologin");
  });

  it("passes with select 1 and with a configured query", async () => {
    expect(await attempt({ type: "postgres", url: SHARED })).toMatchObject({ outcome: "ok" });
    const r = await attempt({ type: "postgres", url: SHARED, query: "select datname from pg_database" });
    expect(r.outcome).toBe("ok");
    expect(r.message).toMatch(/[1-9]\d* row/);
  });

  it.each([
    ["a database that does not exist", `postgres://postgres@127.0.0.1:5432/depwatch_no_such_db`, "error", /database "depwatch_no_such_db" does not exist/],
    ["a role that may not log in", `postgres://depwatch_nologin:${PASSWORD}@127.0.0.1:5432/test`, "auth", /not permitted to log in/],
    ["a role that does not exist", `postgres://depwatch_ghost:${PASSWORD}@127.0.0.1:5432/test`, "auth", /depwatch_ghost/],
    ["a failing query", SHARED, "error", /depwatch_no_table/],
  ])("classifies %s", async (name, url, outcome, message) => {
    const query = name === "a failing query" ? "select * from depwatch_no_table" : undefined;
    const r = await attempt({ type: "postgres", url, ...(query ? { query } : {}) });
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain(PASSWORD);
  });
});

describe("postgres check (scram-sha-256 cluster)", () => {
  let server: Spawned | undefined;
  let dir = "";
  beforeAll(async () => {
    const bindir = execFileSync("pg_config", ["--bindir"]).toString().trim();
    dir = mkdtempSync(join(tmpdir(), "depwatch-pg-"));
    // PostgreSQL refuses to run as root; as root, the fixture runs it as the postgres user.
    const asRoot = process.getuid?.() === 0;
    const run = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
    writeFileSync(join(dir, "pw"), PASSWORD);
    if (asRoot) {
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
      chownSync(dir, uid, -1);
      chownSync(join(dir, "pw"), uid, -1);
    }
    const [initCmd, initArgs] = run(join(bindir, "initdb"), ["-D", join(dir, "data"), "-U", "app", "--auth=scram-sha-256", `--pwfile=${join(dir, "pw")}`, "-N"]);
    execFileSync(initCmd, initArgs, { stdio: "ignore" });
    const port = await freePort();
    const [cmd, args] = run(join(bindir, "postgres"), ["-D", join(dir, "data"), "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]);
    // The port opens before the cluster accepts logins (57P03 "starting up").
    const ready = async () => (await attempt({ type: "postgres", url: `postgres://app:${PASSWORD}@127.0.0.1:${port}/postgres` })).outcome === "ok";
    server = await spawnServer(cmd, args, port, ready);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes with the right password", async () => {
    const r = await attempt({ type: "postgres", url: `postgres://app:${PASSWORD}@127.0.0.1:${server?.port}/postgres` });
    expect(r, r.message).toMatchObject({ outcome: "ok" });
  });

  it("reports a wrong password as auth, naming the user but not the password", async () => {
    const r = await attempt({ type: "postgres", url: `postgres://app:wrong-${PASSWORD}@127.0.0.1:${server?.port}/postgres` });
    expect(r.outcome).toBe("auth");
    expect(r.message).toMatch(/password authentication failed for user "app"/);
    expect(r.message).toContain("28P01");
    expect(r.message).not.toContain(PASSWORD);
  });
});
