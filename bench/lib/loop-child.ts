// A bare request loop in a process of its own, so its CPU can be measured alone:
//   net   — node:net alone, a fresh connection per request, a minimal HTTP/1.1 request, the
//           status line read, close: the floor of what any HTTP client pays for the sockets;
//   bare  — undici, a fresh connection (one Client) per request, read the body, close;
//   probe — depwatch's own http check probe (lib/checks/http.ts), which also opens a fresh connection.
// argv: mode, base URL, paths (requests go to `${base}/s/${i}` round-robin), rate per second,
// duration ms, tick ms (requests due are started together every tick: 10 spaces them evenly at
// 100/s, 100 starts them ten at a time like the scheduler's start grid).
// Prints one JSON line: { requests, failed, cpuMs, wallMs }.
import { connect } from "node:net";
import { Client } from "undici";
import { httpCheck } from "@/lib/checks/http";

const [mode, base, pathsArg, rateArg, durationArg, tickArg] = process.argv.slice(2);
const paths = Number(pathsArg);
const rate = Number(rateArg);
const durationMs = Number(durationArg);
const tickMs = Number(tickArg ?? 10);
const origin = new URL(base!).origin;
const config = httpCheck.schema.parse({ type: "http", url: `${base}/s/0` });

/** A 2 s deadline cleared when the request ends (a timer left to fire would cost a wake-up of its own). */
async function deadline<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 2_000);
  try {
    return await run(ac.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function bare(path: string): Promise<boolean> {
  const client = new Client(origin);
  try {
    const res = await deadline((signal) => client.request({ path, method: "GET", signal }));
    await res.body.text();
    return res.statusCode === 200;
  } finally {
    await client.close();
  }
}

const { hostname, port } = new URL(origin);

function net(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(), 2_000);
    const end = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    socket.once("error", () => end(false));
    socket.once("close", () => end(false));
    socket.once("connect", () => socket.write(`GET ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`));
    socket.once("data", (d: Buffer) => end(d.toString("latin1", 0, 12) === "HTTP/1.1 200"));
  });
}

async function probe(path: string): Promise<boolean> {
  const r = await deadline((signal) => httpCheck.probe({ ...config, url: `${origin}${path}` }, { signal, timeoutMs: 2_000 }));
  return r.outcome === "ok";
}

const one = { net, bare, probe }[mode as "net" | "bare" | "probe"];
let requests = 0;
let failed = 0;
let i = 0;
const inflight = new Set<Promise<void>>();
// CPU is counted after a warm-up (a fifth of the run, at most 5 s), so start-up and JIT compiling stay out.
const warmMs = Math.min(5_000, durationMs / 5);
let cpu0: NodeJS.CpuUsage | undefined;
let measuredFrom = 0;
const t0 = performance.now();
// Every tick, start the requests due by now: `rate` per second, as a scheduler would.
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = performance.now() - t0;
    if (!cpu0 && elapsed >= warmMs) [cpu0, measuredFrom] = [process.cpuUsage(), performance.now()];
    if (elapsed >= durationMs) {
      clearInterval(timer);
      return resolve();
    }
    const due = Math.floor((elapsed / 1000) * rate);
    while (requests < due) {
      requests++;
      const p = one(`/s/${i++ % paths}`).then((ok) => void (ok || failed++), () => void failed++);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
  }, tickMs);
});
await Promise.all(inflight);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ requests, failed, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - measuredFrom })}\n`);
