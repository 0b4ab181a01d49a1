import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { freePort, waitFor } from "@/test/fixtures/server";

const root = path.join(import.meta.dirname, "..", "..");

/** The build folder the server under test runs from (the same variable next.config.ts reads). */
export function distDir(): string {
  return process.env.DEPWATCH_DIST_DIR ?? ".next";
}

/** Makes a production build into the dist folder when it has none yet (a fresh clone). */
export function ensureBuild(log: (line: string) => void): void {
  if (existsSync(path.join(root, distDir(), "BUILD_ID"))) return;
  log(`no production build in ${distDir()}: building it first (not timed)`);
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error(`next build failed with exit code ${r.status}`);
}

/** One service of a generated config. */
export interface BenchService {
  id: string;
  check: Record<string, unknown>;
  [field: string]: unknown;
}

/** A depwatch config (JSON is valid YAML) with the given defaults and services. */
export function configText(services: BenchService[], defaults: Record<string, unknown> = {}): string {
  return JSON.stringify({ defaults, services }, null, 1);
}

/** Environment of the server under test: warn-level logs (so logging does not skew CPU), a short shutdown grace. */
export function serverEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { DEPWATCH_LOG_LEVEL: "warn", DEPWATCH_GRACE_MS: "1000", NEXT_MANUAL_SIG_HANDLE: "true", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

/** A running server under test. */
export interface Dashboard {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  output(): string;
  /** Sends a signal, waits for the exit and removes the temporary folder; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns the server as production runs it (`npm start` is `exec node scripts/start.mjs`: one Node
 * process, Next.js inside it), from the build in DEPWATCH_DIST_DIR, without waiting. Node flags
 * cannot go through NODE_OPTIONS for --cpu-prof, so BENCH_CPU_PROF (a folder) adds them to the
 * command line: one .cpuprofile per thread, written at exit. BENCH_NODE_ARGS adds other node
 * flags the same way.
 */
export function spawnNext(configPath: string, dataDir: string, port: number, env: Record<string, string> = {}): { proc: ChildProcess; output(): string; exited: Promise<number | null> } {
  const prof = process.env.BENCH_CPU_PROF;
  const nodeArgs = prof ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(prof)] : [];
  // Any other node flags for the server under test (e.g. --trace-gc), space-separated.
  nodeArgs.push(...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean));
  // The bench builds when it needs to (ensureBuild); the start script must not rebuild on its own.
  const proc = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: { ...process.env, DEPWATCH_CONFIG: configPath, DEPWATCH_DATA: dataDir, PORT: String(port), HOSTNAME: "127.0.0.1", DEPWATCH_SKIP_BUILD: "1", ...serverEnv(env) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // Keep the tail only: a long run must not grow the bench's own memory.
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Starts the dashboard with this config in a fresh temporary folder and waits for /api/health. */
export async function startDashboard(config: string, options: { env?: Record<string, string> } = {}): Promise<Dashboard> {
  const dir = mkdtempSync(path.join(tmpdir(), "depwatch-bench-"));
  const configPath = path.join(dir, "depwatch.yaml");
  writeFileSync(configPath, config);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { proc, output, exited } = spawnNext(configPath, dataDir, port, options.env);
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      const r = await get(`${url}/api/health`).catch(() => undefined);
      return r?.status === 200 ? true : undefined;
    }, 30_000, "the server to answer /api/health");
  } catch (err) {
    proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output()}`);
  }
  return {
    url,
    dataDir,
    proc,
    output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode === null) proc.kill(signal);
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** A GET answered in full: status, headers, body bytes as received, and the time it took. */
export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

/** GET over node:http (no automatic decompression, so `body.length` is the size on the wire). */
export function get(url: string, headers: Record<string, string> = {}, agent?: import("node:http").Agent): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - start }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A GET timed to its last byte: the body is counted, not kept (a client looping on a large body must not spend its CPU copying it). */
export function timedGet(url: string, headers: Record<string, string> = {}, agent?: import("node:http").Agent): Promise<{ status: number; bytes: number; complete: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { headers, agent }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => {
        const declared = Number(res.headers["content-length"] ?? NaN);
        resolve({ status: res.statusCode ?? 0, bytes, complete: Number.isNaN(declared) || declared === bytes, ms: performance.now() - start });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** GET and parse JSON; throws on a non-2xx answer. */
export async function getJson<T>(url: string): Promise<T> {
  const r = await get(url, { "accept-encoding": "identity" });
  if (r.status < 200 || r.status > 299) throw new Error(`GET ${url} answered ${r.status}`);
  return JSON.parse(r.body.toString("utf8")) as T;
}

/** The part of `/api/status` the bench reads. */
export interface StatusBody {
  services: { id: string; lastCheck: { at: string; durationMs: number } | null }[];
}

/** How many checks the server stored with a start in [from, to) (epoch ms), read from its SQLite file. */
export function storedChecks(dataDir: string, from: number, to: number): number | undefined {
  const file = path.join(dataDir, "depwatch.db");
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) FROM checks WHERE started_at >= ? AND started_at < ?").pluck().get(from, to) as number;
  } finally {
    db.close();
  }
}
