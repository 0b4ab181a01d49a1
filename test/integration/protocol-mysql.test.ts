import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, requireService } from "@/test/fixtures/protocol-servers";

const PASSWORD = "maria-fixture-pw-42";
const USER = "depwatch_test";

async function rootSql(sql: string): Promise<void> {
  const c = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe("mysql check (MariaDB)", () => {
  beforeAll(async () => {
    await requireService("MariaDB", 3306);
    await rootSql(`DROP USER IF EXISTS '${USER}'@'127.0.0.1'`);
    await rootSql(`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`);
    await rootSql(`GRANT SELECT ON test.* TO '${USER}'@'127.0.0.1'`);
  });
  afterAll(async () => {
    await rootSql(`DROP USER IF EXISTS '${USER}'@'127.0.0.1'`);
  });

  it.each([
    ["root without a password", "mysql://root@127.0.0.1:3306/test"],
    ["a user with its password", `mysql://${USER}:${PASSWORD}@127.0.0.1:3306/test`],
    ["the mariadb:// scheme", `mariadb://${USER}:${PASSWORD}@127.0.0.1:3306/test`],
  ])("passes as %s", async (_name, url) => {
    const r = await attempt({ type: "mysql", url });
    expect(r, r.message).toMatchObject({ outcome: "ok" });
  });

  it("runs a configured query", async () => {
    const r = await attempt({ type: "mysql", url: "mysql://root@127.0.0.1:3306/test", query: "select 1 union select 2" });
    expect(r.outcome).toBe("ok");
    expect(r.message).toMatch(/2 row/);
  });

  it.each([
    ["a wrong password", `mysql://${USER}:wrong-${PASSWORD}@127.0.0.1:3306/test`, "auth", /Access denied for user 'depwatch_test'/],
    ["a database the user may not use", `mysql://${USER}:${PASSWORD}@127.0.0.1:3306/mysql`, "auth", /Access denied/],
    ["a database that does not exist", "mysql://root@127.0.0.1:3306/depwatch_no_such_db", "error", /Unknown database 'depwatch_no_such_db'/],
  ])("classifies %s", async (_name, url, outcome, message) => {
    const r = await attempt({ type: "mysql", url });
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain(PASSWORD);
  });
});
