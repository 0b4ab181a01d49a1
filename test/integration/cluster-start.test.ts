import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/fixtures/postgres-db";
import { freePort, startServer, waitFor, type TestServer } from "@/test/fixtures/server";

let db: TestDatabase;
const servers: TestServer[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL").catch(() => undefined);
  await db?.drop();
});

const config = (extra: string) => `defaults:\n  interval: 2s\nservices:\n  - id: local\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n${extra}`;

describe("start-up and configs with a shared PostgreSQL database", () => {
  it("retries an unreachable database with a log line per try, then exits non-zero after the bound", async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await startServer({ config: config(""), env: { DEPWATCH_DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:${port}/none`, DEPWATCH_DATABASE_WAIT: "3s" } }).then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(err).toMatch(/server exited with 1/);
    expect(err!.match(/"database_unreachable"/g)?.length).toBeGreaterThanOrEqual(1);
    expect(err).toMatch(/cannot open the history database \(Error: database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/none unreachable after \d+ attempt/);
    expect(err).not.toContain("hunter2-secret");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  it("shows on every instance, in the API and on the page, that the instances' configs differ", async () => {
    servers.push(await startServer({ config: config(""), env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_INSTANCE_ID: "left" } }));
    servers.push(await startServer({ config: config(`  - id: extra\n    check: { type: tcp, url: "tcp://127.0.0.1:2" }\n`), env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_INSTANCE_ID: "right" } }));
    for (const [s, other] of [[servers[0]!, "right"], [servers[1]!, "left"]] as const) {
      const warning = await waitFor(async () => {
        const body = (await (await fetch(`${s.url}/api/status`)).json()) as { cluster?: { configDiffers?: string; instances: number } };
        return body.cluster?.configDiffers;
      }, 15_000, "the config warning");
      expect(warning).toContain(other);
      const html = await (await fetch(`${s.url}/`)).text();
      expect(html).toContain("Instances run different configs");
    }
  });
});
