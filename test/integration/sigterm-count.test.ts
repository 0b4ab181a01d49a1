import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer, type Server as TcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "@/lib/store/sqlite";
import { freePort, waitFor } from "@/test/fixtures/server";

// SIGTERM from outside, as an operator (or an orchestrator) sends it: the production server is
// started the two documented ways, 40 services probe local targets that answer after 0.5–2 s (a
// quarter of them failing, so retries and their backoff are in flight too), SIGTERM goes to the
// process the harness started, and once that process has exited every attempt a target saw must
// be in the store, and nothing more (README.md "Operating it").
const root = join(import.meta.dirname, "..", "..");
const HTTP = 32;
const TCP = 8;
const seen = new Map<string, number>();
let inFlight = 0;
let http: Server;
let tcp: TcpServer;
let httpPort = 0;
let tcpPort = 0;

function count(id: string): void {
  seen.set(id, (seen.get(id) ?? 0) + 1);
}

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    const id = (req.url ?? "/").slice(1);
    count(id);
    inFlight++;
    const n = Number(id.split("-")[1]);
    setTimeout(() => {
      inFlight--;
      res.writeHead(n % 4 === 0 ? 503 : 200).end("ok");
    }, 500 + ((n * 373) % 1500));
  });
  tcp = createServer((socket) => {
    socket.once("data", () => undefined);
    socket.on("error", () => undefined);
    socket.end();
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  httpPort = (http.address() as { port: number }).port;
  tcpPort = (tcp.address() as { port: number }).port;
  tcp.on("connection", () => count(`tcp-${tcpPort}`));
});

afterAll(() => {
  http?.close();
  tcp?.close();
});

function config(): string {
  const services = [
    ...Array.from({ length: HTTP }, (_, n) => `  - id: web-${n}\n    check: { type: http, url: "http://127.0.0.1:${httpPort}/web-${n}" }\n    retries: ${n % 3}\n`),
    ...Array.from({ length: TCP }, (_, n) => `  - id: port-${n}\n    check: { type: tcp, url: "tcp://127.0.0.1:${tcpPort}" }\n`),
  ];
  return `defaults: { interval: 3s, timeout: 2500ms, backoff: { initial: 300ms, max: 1s } }\nservices:\n${services.join("")}`;
}

/** Attempts per service in the store, read after the server exited. */
async function storedAttempts(dataDir: string): Promise<Map<string, number>> {
  const store = new SqliteStore(dataDir, { pruneIntervalMs: 0 });
  const out = new Map<string, number>();
  try {
    for (const id of [...Array.from({ length: HTTP }, (_, n) => `web-${n}`), ...Array.from({ length: TCP }, (_, n) => `port-${n}`)]) {
      let before: number | undefined;
      let total = 0;
      for (;;) {
        const page = await store.listChecks(id, { limit: 500, before });
        for (const c of page.checks) total += c.attempts.length;
        if (page.next === undefined) break;
        before = page.next;
      }
      out.set(id, total);
    }
  } finally {
    await store.close();
  }
  return out;
}

function exitOf(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once("exit", (code) => resolve(code))));
}

describe.each([
  ["node scripts/start.mjs", process.execPath, ["scripts/start.mjs"]],
  ["npm start", "npm", ["start", "--silent"]],
])("SIGTERM to `%s` with checks in flight", (_name, command, args) => {
  it("exits 0 once every attempt a target saw is stored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "depwatch-term-"));
    const dataDir = join(dir, "data");
    const configPath = join(dir, "depwatch.yaml");
    writeFileSync(configPath, config());
    const port = await freePort();
    seen.clear();
    let out = "";
    const proc = spawn(command, args, {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DEPWATCH_CONFIG: configPath, DEPWATCH_DATA: dataDir, DEPWATCH_SKIP_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    const exited = exitOf(proc);
    try {
      await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined))?.ok ? true : undefined), 30_000, "the server to answer");
      // Past the first round and into the second, with many checks in flight (some in their backoff).
      await new Promise((r) => setTimeout(r, 4_000));
      await waitFor(() => (inFlight >= 8 ? true : undefined), 5_000, "checks in flight");
      const inFlightAtSignal = inFlight;
      proc.kill("SIGTERM");
      const code = await exited;
      // Nothing is left serving (or checking) once the process the harness started is gone.
      const after = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, (err: unknown) => String((err as { cause?: { code?: string } }).cause?.code ?? err));
      const stored = await storedAttempts(dataDir);
      const missing: string[] = [];
      for (let n = 0; n < HTTP; n++) {
        const id = `web-${n}`;
        if ((stored.get(id) ?? 0) !== (seen.get(id) ?? 0)) missing.push(`${id}: target ${seen.get(id)}, stored ${stored.get(id)}`);
      }
      const tcpStored = [...stored].filter(([id]) => id.startsWith("port-")).reduce((a, [, v]) => a + v, 0);
      if (tcpStored !== (seen.get(`tcp-${tcpPort}`) ?? 0)) missing.push(`tcp: target ${seen.get(`tcp-${tcpPort}`)}, stored ${tcpStored}`);
      expect(inFlightAtSignal).toBeGreaterThan(0);
      expect(missing, out.slice(-2_000)).toEqual([]);
      expect(code).toBe(0);
      expect(after).toBe("ECONNREFUSED");
    } finally {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      // A server left behind by its parent is found by its port and ended, so no run leaks one.
      spawnSync("fuser", ["-k", "-TERM", `${port}/tcp`], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
