import { createServer, type Server } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, freePort, requireService, spawnServer, type Spawned } from "@/test/fixtures/protocol-servers";

const PASSWORD = "redis-fixture-pw-93";
const KEY = `depwatch:test:${process.pid}`;

describe("redis check (shared server, no password)", () => {
  let client: Redis;
  beforeAll(async () => {
    await requireService("Redis", 6379);
    client = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: true });
    await client.connect();
    await client.set(KEY, "1");
  });
  afterAll(async () => {
    await client.del(KEY);
    client.disconnect();
  });

  it.each([
    ["PING", {}, "PONG"],
    ["an existing key", { key: KEY }, "exists"],
  ])("passes with %s", async (_name, extra, message) => {
    const r = await attempt({ type: "redis", url: "redis://127.0.0.1:6379/0", ...extra });
    expect(r.outcome).toBe("ok");
    expect(r.message).toContain(message);
  });

  it.each([
    ["a missing key", { url: "redis://127.0.0.1:6379", key: `${KEY}:missing` }, "assertion", /does not exist/],
    ["a database index out of range", { url: "redis://127.0.0.1:6379/999" }, "error", /SELECT 999: ERR/],
  ])("classifies %s", async (_name, extra, outcome, message) => {
    const r = await attempt({ type: "redis", ...extra });
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
  });
});

describe("redis check (second server with requirepass and an ACL user)", () => {
  let server: Spawned;
  beforeAll(async () => {
    const port = await freePort();
    server = await spawnServer("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--requirepass", PASSWORD, "--save", "", "--appendonly", "no"], port);
    const admin = new Redis({ host: "127.0.0.1", port, password: PASSWORD, lazyConnect: true });
    await admin.connect();
    await admin.call("ACL", "SETUSER", "app", "on", `>${PASSWORD}`, "+ping", "+select", "allkeys");
    admin.disconnect();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ["the default user's password", () => `redis://:${PASSWORD}@127.0.0.1:${server.port}`],
    ["an ACL user and password", () => `redis://app:${PASSWORD}@127.0.0.1:${server.port}`],
  ])("passes with %s", async (_name, url) => {
    expect(await attempt({ type: "redis", url: url() })).toMatchObject({ outcome: "ok" });
  });

  it.each([
    ["a wrong password (WRONGPASS)", () => `redis://:wrong-${PASSWORD}@127.0.0.1:${server.port}`, /WRONGPASS/],
    ["a wrong ACL password (WRONGPASS)", () => `redis://app:wrong-${PASSWORD}@127.0.0.1:${server.port}`, /AUTH as app: WRONGPASS/],
    ["no credentials (NOAUTH)", () => `redis://127.0.0.1:${server.port}`, /PING: NOAUTH/],
  ])("reports %s as auth without the password", async (_name, url, message) => {
    const r = await attempt({ type: "redis", url: url() });
    expect(r.outcome).toBe("auth");
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain(PASSWORD);
  });

  it("reports a command the ACL user may not run (NOPERM) as auth", async () => {
    const r = await attempt({ type: "redis", url: `redis://app:${PASSWORD}@127.0.0.1:${server.port}`, key: KEY });
    expect(r.outcome).toBe("auth");
    expect(r.message).toMatch(/EXISTS: NOPERM/);
  });
});

describe("redis check (a server still loading its dataset)", () => {
  // A real server answers LOADING only while it reads a large dataset at start-up, which cannot be
  // made to last here; this listener replays that reply over a real socket instead.
  let fake: Server;
  let port = 0;
  beforeAll(async () => {
    fake = createServer((s) => {
      s.on("error", () => undefined);
      s.on("data", () => s.write("-LOADING Redis is loading the dataset in memory\r\n"));
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    port = (fake.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it("is a failed attempt (error), not an ok", async () => {
    const r = await attempt({ type: "redis", url: `redis://127.0.0.1:${port}` });
    expect(r.outcome).toBe("error");
    expect(r.message).toMatch(/PING: LOADING/);
  });
});
