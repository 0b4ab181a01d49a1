import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "@/lib/store/sqlite";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

interface ServiceBody { id: string; since: string; lastCheck: { at: string } | null }
interface StatusBody { configError?: string; services: ServiceBody[] }

const sockets = new Set<Socket>();
const servers: Server[] = [];
const dirs: string[] = [];
const connections = { hung: 0, healthy: 0 };

async function listener(kind: "hung" | "healthy"): Promise<number> {
  // "hung" accepts and never answers (an HTTP check waits for its timeout); "healthy" accepts (a TCP check passes).
  const s = createServer((sock) => {
    connections[kind]++;
    sockets.add(sock);
    sock.on("error", () => undefined);
    if (kind === "healthy") sock.end();
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as { port: number }).port;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "depwatch-ops-"));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SIGTERM drain", () => {
  it("answers 503 on health at once, keeps serving, lets the hung check finish, flushes and exits 0", async () => {
    const hungPort = await listener("hung");
    const healthyPort = await listener("healthy");
    const dataDir = join(tempDir(), "data");
    // The hung check's timeout (6 s) outlasts the observation window (~2 s) and fits in the grace (20 s).
    const server = await startServer({
      dataDir,
      env: { DEPWATCH_GRACE: "20s" },
      config: `services:
  - id: search
    check: { type: http, url: "http://127.0.0.1:${hungPort}/" }
    timeout: 6s
    retries: 0
    interval: 1m
  - id: cache
    check: { type: tcp, url: "tcp://127.0.0.1:${healthyPort}" }
    interval: 200ms
    timeout: 200ms
`,
    });
    const events = await fetch(`${server.url}/api/events`);
    expect(events.status).toBe(200);
    const reader = events.body!.getReader();
    await waitFor(() => (connections.hung > 0 ? true : undefined), 10_000, "the hung check to start");
    await waitFor(() => (connections.healthy > 2 ? true : undefined), 10_000, "the healthy checks to run");

    const exited = new Promise<number | null>((resolve) => server.proc.once("exit", (code) => resolve(code)));
    const signalledAt = Date.now();
    server.proc.kill("SIGTERM");

    const first = await waitFor(async () => {
      const res = await fetch(`${server.url}/api/health`);
      return res.status === 503 ? res : undefined;
    }, 5_000, "health to answer 503");
    expect(await first.json()).toEqual({ error: { code: "shutting_down", message: expect.any(String) } });

    // The SSE stream ends instead of hanging until the process dies.
    const ended = await Promise.race([(async () => { while (!(await reader.read()).done); return true; })(), sleep(5_000).then(() => false)]);
    expect(ended).toBe(true);

    // During the drain the server still answers, health stays 503, and no new checks start.
    const healthyAtDrain = connections.healthy;
    for (let i = 0; i < 5; i++) {
      await sleep(300);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(503);
      expect((await fetch(`${server.url}/api/status`)).status).toBe(200);
    }
    expect(server.proc.exitCode).toBeNull();
    expect(connections.healthy - healthyAtDrain).toBeLessThanOrEqual(1);
    expect(connections.hung).toBe(1);

    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    const out = server.output();
    expect(out).toMatch(/"event":"signal".*"signal":"SIGTERM"/);
    expect(out).toContain('"event":"shutdown_finished"');

    // The check that was in flight finished (by its own timeout) and reached the disk.
    const store = new SqliteStore(dataDir, { pruneIntervalMs: 0 });
    try {
      const page = await store.listChecks("search", { limit: 5 });
      expect(page.checks).toHaveLength(1);
      expect(page.checks[0]?.attempts.map((a) => a.outcome)).toEqual(["timeout"]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe("config reload on a running server", () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  const svc = (id: string, port: number, interval = "300ms") => `  - id: ${id}\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n    interval: ${interval}\n    timeout: 200ms\n`;

  async function status(): Promise<StatusBody> {
    return (await (await fetch(`${server!.url}/api/status`)).json()) as StatusBody;
  }

  async function replace(path: string, text: string): Promise<void> {
    // As editors save: write a sibling, then rename it over the file.
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  }

  it("applies edits, keeps unchanged services' state, and reports a broken file while the old config runs", async () => {
    const port = await listener("healthy");
    server = await startServer({ config: `services:\n${svc("a", port)}${svc("b", port)}` });
    const before = await waitFor(async () => {
      const s = await status();
      return s.services.every((x) => x.lastCheck) ? s : undefined;
    }, 10_000, "first checks");
    const a0 = before.services.find((s) => s.id === "a")!;
    const b0 = before.services.find((s) => s.id === "b")!;
    const aChecks0 = ((await (await fetch(`${server.url}/api/services/a/checks?limit=1`)).json()) as { checks: { id: number }[] }).checks[0]!.id;

    // Add c, change b; a is untouched.
    await replace(server.configPath, `services:\n${svc("a", port)}${svc("b", port, "400ms")}${svc("c", port)}`);
    const after = await waitFor(async () => {
      const s = await status();
      return s.services.some((x) => x.id === "c") ? s : undefined;
    }, 10_000, "service c to appear");
    const a1 = after.services.find((s) => s.id === "a")!;
    expect(a1.since).toBe(a0.since);
    expect(a1.lastCheck).not.toBeNull();
    expect(after.services.find((s) => s.id === "b")!.since).not.toBe(b0.since);
    const history = (await (await fetch(`${server.url}/api/services/a/checks?limit=200`)).json()) as { checks: { id: number }[] };
    expect(history.checks.map((c) => c.id)).toContain(aChecks0);

    // Break it in place: the error is reported everywhere and the last good config keeps running.
    writeFileSync(server.configPath, `services:\n${svc("a", port)}  - id: b\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n    timeout: 2 seconds\n`);
    const broken = await waitFor(async () => {
      const s = await status();
      return s.configError ? s : undefined;
    }, 10_000, "configError");
    expect(broken.configError).toMatch(/services\[1\]\.timeout \(line 8\): expected a duration/);
    expect(broken.services.map((s) => s.id)).toEqual(["a", "b", "c"]);
    const lastA = broken.services.find((s) => s.id === "a")!.lastCheck!.at;
    await waitFor(async () => ((await status()).services.find((s) => s.id === "c")!.lastCheck!.at > lastA ? true : undefined), 10_000, "checks to go on");
    for (const page of ["/", "/graph"]) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      expect(html, page).toContain("Config change rejected");
    }
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain("depwatch_config_last_reload_successful 0");
    // Pages open to anonymous viewers leave the error out; a client cannot claim to be one.
    expect(await (await fetch(`${server.url}/login`)).text()).not.toContain("Config change rejected");
    expect(await (await fetch(`${server.url}/`, { headers: { "x-depwatch-public": "1" } })).text()).toContain("Config change rejected");
    expect(server.output()).toMatch(/"event":"config_rejected"/);

    // Fix it: the error goes away.
    await replace(server.configPath, `services:\n${svc("a", port)}${svc("b", port)}`);
    const fixed = await waitFor(async () => {
      const s = await status();
      return s.configError === undefined ? s : undefined;
    }, 10_000, "configError to clear");
    expect(fixed.services.map((s) => s.id)).toEqual(["a", "b"]);
    expect(fixed.services.find((s) => s.id === "a")!.since).toBe(a0.since);
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain("Config change rejected");
  }, 60_000);
});
