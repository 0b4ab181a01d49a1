import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerCheck } from "@/lib/checks/docker";
import type { ProbeResult } from "@/lib/model";
import { startDockerd, TEST_IMAGE, type PrivateDockerd } from "@/test/fixtures/dockerd";

// One private dockerd for the whole file; it fails (never skips) when dockerd cannot start.
let d: PrivateDockerd;
let bindDir: string;
let appId: string;

function probe(check: Record<string, unknown>, timeoutMs = 10_000): Promise<ProbeResult> {
  const config = dockerCheck.schema.parse({ type: "docker", socket: d.socket, ...check });
  return dockerCheck.probe(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

async function until(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const inspectField = (name: string, template: string) => d.docker("inspect", "-f", template, name);
const run = (name: string, ...args: string[]) => d.docker("run", "-d", "--name", name, "--network", "none", ...args);

beforeAll(async () => {
  d = await startDockerd();
  // A named volume that vanished under its container: only reachable by deleting it while the
  // daemon is down, so it is set up first, before any container runs.
  await d.docker("volume", "create", "gone-vol");
  await d.docker("create", "--name", "vol-gone", "--network", "none", "-v", "gone-vol:/vol", TEST_IMAGE, "sleep", "600");
  await d.restart(() => rm(join(d.dataRoot, "volumes", "gone-vol"), { recursive: true }));

  bindDir = await mkdtemp("/tmp/dwb-");
  await d.docker("volume", "create", "app-data");
  [appId] = await Promise.all([
    run("app", "--health-cmd", "true", "--health-interval", "1s", "-v", `${bindDir}:/data`, "-v", "app-data:/vol", "-v", `${bindDir}:/ro:ro`, TEST_IMAGE, "sleep", "600"),
    run("sick", "--health-cmd", "echo probe failed: connection refused; exit 1", "--health-interval", "1s", "--health-retries", "2", TEST_IMAGE, "sleep", "600"),
    run("warming", "--health-cmd", "exit 1", "--health-interval", "5m", TEST_IMAGE, "sleep", "600"),
    run("stopped", TEST_IMAGE, "sh", "-c", "exit 3"),
    run("flappy", "--restart", "always", TEST_IMAGE, "sh", "-c", "exit 1"),
  ]);
  await Promise.all([
    until("app to be healthy", async () => (await inspectField("app", "{{.State.Health.Status}}")) === "healthy"),
    until("sick to be unhealthy", async () => (await inspectField("sick", "{{.State.Health.Status}}")) === "unhealthy"),
    until("stopped to exit", async () => (await inspectField("stopped", "{{.State.Status}}")) === "exited"),
    until("flappy to restart", async () => Number(await inspectField("flappy", "{{.RestartCount}}")) >= 1),
  ]);
}, 180_000);

afterAll(async () => {
  await d?.stop();
  if (bindDir) await rm(bindDir, { recursive: true, force: true });
}, 60_000);

describe("docker check against a real dockerd", () => {
  it("passes for a running, healthy container whose bind mount and named volume match", async () => {
    const r = await probe({
      container: "app",
      mounts: [
        { destination: "/data", source: bindDir, rw: true },
        { destination: "/vol/", volume: "app-data", rw: true },
        { destination: "/ro", rw: false },
      ],
      maxRestarts: 0,
    });
    expect(r).toEqual({ outcome: "ok", message: "container app is running and healthy (0 restarts); 3 mounts as expected" });
  });

  it("finds a container by id as well as by name", async () => {
    const r = await probe({ container: appId.slice(0, 12) });
    expect(r.outcome).toBe("ok");
  });

  it.each([
    { name: "a read-only mount where rw was asked", check: { container: "app", mounts: [{ destination: "/ro", rw: true }] }, message: "mount /ro is read-only, expected read-write" },
    { name: "a missing mount", check: { container: "app", mounts: [{ destination: "/data" }, { destination: "/missing" }] }, message: "mount /missing is missing" },
    { name: "a bind mount where a volume was asked", check: { container: "app", mounts: [{ destination: "/data", volume: "app-data" }] }, message: "mount /data is a bind mount, expected volume app-data" },
    { name: "another bind source", check: { container: "app", mounts: [{ destination: "/data", source: "/srv/elsewhere" }] }, message: `mount /data has source ${"BIND"}, expected /srv/elsewhere` },
    { name: "a stopped container", check: { container: "stopped" }, message: "container stopped is exited with exit code 3" },
    { name: "a healthcheck still starting", check: { container: "warming" }, message: "container warming is starting: healthcheck has not passed yet" },
    { name: "a missing container", check: { container: "ghost" }, message: "container ghost not found" },
    { name: "a named volume that is gone", check: { container: "vol-gone", mounts: [{ destination: "/vol", volume: "gone-vol" }] }, message: "container vol-gone is created, not running; volume gone-vol of mount /vol is gone" },
  ])("fails for $name", async ({ check, message }) => {
    const r = await probe(check);
    expect(r).toEqual({ outcome: "assertion", phase: "response", message: message.replace("BIND", bindDir) });
  });

  it.each([
    { container: "stopped", expected: { outcome: "assertion", phase: "response", message: "container stopped is exited with exit code 3" } },
    { container: "app", expected: { outcome: "assertion", phase: "response", message: "container app is running, not completed yet" } },
  ])("with completed: true, judges $container as a one-shot job", async ({ container, expected }) => {
    expect(await probe({ container, completed: true })).toEqual(expected);
  });

  it("reports the failing streak and the last health log line of an unhealthy container", async () => {
    const r = await probe({ container: "sick" });
    expect(r.outcome).toBe("assertion");
    expect(r.message).toMatch(/^container sick is unhealthy: \d+ failing checks, last: probe failed: connection refused$/);
  });

  it("fails when restarts exceed maxRestarts, and says when the container is restarting", async () => {
    const over = await probe({ container: "flappy", maxRestarts: 0 });
    expect(over.outcome).toBe("assertion");
    expect(over.message).toMatch(/container flappy restarted \d+ times?, more than maxRestarts 0/);
    // Between restarts the daemon backs off, so "restarting" is what a probe sees most of the time.
    let last: ProbeResult | undefined;
    await until("a probe to see flappy restarting", async () => {
      last = await probe({ container: "flappy" });
      return last.message?.startsWith("container flappy is restarting (last exit code 1, ") ?? false;
    }, 30_000);
    expect(last?.outcome).toBe("assertion");
  });
});

describe("docker check when the daemon cannot be reached", () => {
  let dir: string;
  const servers: Server[] = [];
  beforeAll(async () => {
    dir = await mkdtemp("/tmp/dws-");
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports a missing socket as an error naming the socket", async () => {
    const socket = join(dir, "none.sock");
    const r = await probe({ container: "app", socket });
    expect(r).toEqual({ outcome: "error", phase: "connect", message: `cannot reach Docker at ${socket}: no such socket (ENOENT)` });
  });

  it("reports a stale socket nobody listens on as refused", async () => {
    const socket = join(dir, "stale.sock");
    // A listener killed outright leaves its socket file behind, as a crashed dockerd does.
    const script = `require("net").createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, "SIGKILL"))`;
    await promisify(execFile)(process.execPath, ["-e", script]).catch(() => undefined);
    const r = await probe({ container: "app", socket });
    expect(r).toEqual({ outcome: "refused", phase: "connect", message: `cannot reach Docker at ${socket}: nothing listens on the socket (ECONNREFUSED)` });
  });

  it("times out on a daemon that never answers, and closes its connection", async () => {
    const socket = join(dir, "mute.sock");
    const closed: Promise<void>[] = [];
    // Reads the request and never answers; reading lets it see the client's FIN.
    const server = createServer((conn: Socket) => {
      conn.resume();
      closed.push(new Promise((r) => conn.on("close", () => r())));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(socket, r));
    const r = await probe({ container: "app", socket }, 300);
    expect(r.outcome).toBe("timeout");
    expect(closed).toHaveLength(1);
    await expect(Promise.all(closed)).resolves.toBeDefined();
  });
});
