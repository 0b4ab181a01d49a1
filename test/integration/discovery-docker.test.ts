import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import type { DiscoveryHub } from "@/lib/discovery/hub";
import { createLogger } from "@/lib/log";
import type { ServiceView } from "@/lib/api/shapes";
import { statusView } from "@/lib/api/status-view";
import { Engine } from "@/lib/runtime/engine";
import { startDiscovery } from "@/lib/runtime/discovery";
import { applyConfigText } from "@/lib/runtime/reload";
import { MemoryStore } from "@/lib/store/memory";
import { startDockerd, TEST_IMAGE, type PrivateDockerd } from "@/test/fixtures/dockerd";

// A real engine following a real private dockerd: containers carry exactly the labels Compose v2
// writes, or depwatch.* / homepage.* labels. Only the store is in memory (history is not under test).
let d: PrivateDockerd;
let engine: Engine;
let hub: DiscoveryHub;
let tcp: Server;
let tcpPort: number;
const logs: string[] = [];

/** The labels `docker compose up` (v2) puts on a service's first container. */
function composeLabels(project: string, service: string, dependsOn = ""): string[] {
  const labels: Record<string, string> = {
    "com.docker.compose.config-hash": "5b0a7c8e1c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f",
    "com.docker.compose.container-number": "1",
    "com.docker.compose.depends_on": dependsOn,
    "com.docker.compose.image": "sha256:0f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e",
    "com.docker.compose.oneoff": "False",
    "com.docker.compose.project": project,
    "com.docker.compose.project.config_files": `/srv/${project}/docker-compose.yml`,
    "com.docker.compose.project.working_dir": `/srv/${project}`,
    "com.docker.compose.service": service,
    "com.docker.compose.version": "2.29.7",
  };
  return Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
}

const run = (name: string, ...args: string[]) => d.docker("run", "-d", "--name", name, "--network", "none", ...args);
const view = (id: string): ServiceView | undefined => statusView(engine).services.find((s) => s.id === id);

async function until<T>(what: string, get: () => T | undefined | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms}ms waiting for ${what}; status: ${JSON.stringify(statusView(engine).services.map((s) => [s.id, s.status, s.lastCheck?.message]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const FILE = (socket: string) => `
services:
  - { id: edge, name: Edge from the file, check: { type: tcp, url: "tcp://127.0.0.1:${tcpPort}" } }
discover: { docker: { socket: "${socket}" } }
`;

beforeAll(async () => {
  tcp = createServer((c) => c.end());
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  tcpPort = (tcp.address() as AddressInfo).port;
  d = await startDockerd();
  const parsed = parseConfig(FILE(d.socket), {});
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  engine = new Engine({ config: parsed.config, store: new MemoryStore({ pruneIntervalMs: 0 }), log: createLogger({ write: (l) => logs.push(l) }), source: "test" });
  await engine.start();
  hub = startDiscovery(engine, { settleMs: 100, reconnectMs: 3_000 });
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await engine?.shutdown(1_000);
  await d?.stop();
  tcp?.close();
}, 60_000);

describe("discovery from a real dockerd", () => {
  it("adds a Compose project with its graph, marked as discovered, within seconds of its containers", async () => {
    // What `docker compose up` does for db ← migrate ← api: one container per service, labelled.
    await run("shop-db-1", ...composeLabels("shop", "db"), "--health-cmd", "true", "--health-interval", "1s", TEST_IMAGE, "sleep", "600");
    await run("shop-migrate-1", ...composeLabels("shop", "migrate", "db:service_healthy:false"), TEST_IMAGE, "true");
    await run("shop-api-1", ...composeLabels("shop", "api", "db:service_healthy:false,migrate:service_completed_successfully:false"), TEST_IMAGE, "sleep", "600");
    const api = await until("shop-api to appear", () => view("shop-api"), 5_000);
    expect(api).toMatchObject({
      name: "api",
      group: "shop",
      type: "docker",
      dependsOn: [{ id: "shop-db", optional: false }, { id: "shop-migrate", optional: false }],
      discovered: { by: "docker", container: "shop-api-1", project: "shop", composeService: "api" },
    });
    expect(statusView(engine).order).toEqual([["edge", "shop-db"], ["shop-migrate"], ["shop-api"]]);
    // The file's own service is not marked; the one-shot migrate passes once it exited 0.
    expect(view("edge")?.discovered).toBeUndefined();
    await until("db healthy and migrate completed", () => view("shop-db")?.status === "up" && view("shop-migrate")?.status === "up", 20_000);
    expect(view("shop-migrate")?.lastCheck?.message).toBe("container shop-migrate-1 completed (exit code 0)");
    await until("api up", () => view("shop-api")?.status === "up", 20_000);
  });

  it("reads depwatch.* labels, falls back to homepage.* labels, and lets the file win on an id", async () => {
    await run("worker", "--label", "depwatch.name=Queue worker", "--label", "depwatch.group=jobs", "--label", "depwatch.depends-on=shop-db", "--label", "depwatch.optional=edge", TEST_IMAGE, "sleep", "600");
    await run("dash", "--label", "depwatch.check=tcp", "--label", `depwatch.url=tcp://127.0.0.1:${tcpPort}`, "--label", "homepage.group=Front", "--label", "homepage.name=Dashboard", TEST_IMAGE, "sleep", "600");
    await run("imposter", "--label", "depwatch.id=edge", TEST_IMAGE, "sleep", "600");
    await run("plain", TEST_IMAGE, "sleep", "600");
    const worker = await until("worker to appear", () => view("worker"), 5_000);
    expect(worker).toMatchObject({ name: "Queue worker", group: "jobs", type: "docker", dependsOn: [{ id: "shop-db", optional: false }, { id: "edge", optional: true }] });
    const dash = await until("dash to appear", () => view("dash"), 5_000);
    expect(dash).toMatchObject({ name: "Dashboard", group: "Front", type: "tcp", target: `127.0.0.1:${tcpPort}`, discovered: { by: "docker", container: "dash" } });
    expect(view("edge")).toMatchObject({ name: "Edge from the file", type: "tcp" });
    expect(view("edge")?.discovered).toBeUndefined();
    expect(view("plain")).toBeUndefined();
  });

  it("shows a stopped container as down with its exit code, and drops a removed one", async () => {
    await run("stopper", "--label", "depwatch.name=Stopper", TEST_IMAGE, "sh", "-c", 'trap "exit 7" TERM; sleep 600 & wait');
    await until("stopper up", () => view("stopper")?.status === "up", 20_000);
    await d.docker("stop", "-t", "5", "stopper");
    const down = await until("stopper down", () => (view("stopper")?.status === "down" ? view("stopper") : undefined), 5_000);
    expect(down.lastCheck?.message).toBe("container stopper is exited with exit code 7");
    await d.docker("rm", "stopper");
    await until("stopper gone", () => view("stopper") === undefined || undefined, 5_000);
    // One event stream all along: changes are read from events, never by polling the daemon.
    expect(hub.stats?.streams).toBe(1);
    expect(hub.stats?.lists).toBeLessThanOrEqual((hub.stats?.events ?? 0) + 1);
  });

  it("keeps the discovered services when the config file is reloaded", () => {
    const text = FILE(d.socket).replace("Edge from the file", "Edge renamed");
    expect(applyConfigText(hub, { text }, {})).toBe("applied");
    expect(view("edge")?.name).toBe("Edge renamed");
    expect(view("shop-api")?.discovered?.project).toBe("shop");
    expect(applyConfigText(hub, { text: "services: [{ id: Bad }]" }, {})).toBe("rejected");
    expect(engine.configIssues.length).toBeGreaterThan(0);
    expect(view("shop-api")).toBeDefined();
  });

  it("resyncs in full after the daemon comes back, catching what changed while disconnected", async () => {
    await d.restart();
    // Created before the watch reconnects (it waits 3 s): no event reaches it, only the resync can.
    await d.docker("create", "--name", "latecomer", "--network", "none", "--label", "depwatch.group=late", TEST_IMAGE, "sleep", "600");
    const late = await until("latecomer after the reconnect", () => view("latecomer"), 15_000);
    expect(late.group).toBe("late");
    expect(hub.stats?.streams).toBe(2);
    // Containers the restart stopped are down with their exit code; their dependents are blocked by them.
    // (While the daemon was away its checks said so; the resync checks them again at once.)
    const exited = /^container shop-db-1 is exited with exit code \d+$/;
    const db = await until("shop-db down with its exit code after the restart", () => (exited.test(view("shop-db")?.lastCheck?.message ?? "") ? view("shop-db") : undefined), 15_000);
    expect(db.status).toBe("down");
    await until("shop-api blocked by shop-db", () => view("shop-api")?.status === "blocked", 15_000);
    expect(view("shop-api")?.blockedBy).toEqual(["shop-db"]);
    expect(logs.some((l) => l.includes('"event":"discovery_disconnected"'))).toBe(true);
  }, 60_000);
});
