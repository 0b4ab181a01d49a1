/**
 * The simulated targets, run as a child process so their CPU is not the dashboard's: one HTTP
 * server where each service has its own path (arrival times are recorded per path), and one TCP
 * server that accepts and never answers (a hung backend). Driven over IPC by bench/lib/targets.ts.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";

const arrivals = new Map<string, number[]>();
const hung = new Set<Socket>();
let hungAccepted = 0;

function now(): number {
  return performance.timeOrigin + performance.now();
}

const http = createHttpServer((req, res) => {
  const at = now();
  const key = req.url ?? "/";
  const list = arrivals.get(key);
  if (list) list.push(at);
  else arrivals.set(key, [at]);
  res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
  res.end("ok");
});
http.keepAliveTimeout = 5_000;
http.maxHeadersCount = 50;

const tcp = createTcpServer((socket) => {
  hungAccepted++;
  hung.add(socket);
  // Read and ignore whatever arrives; never write a byte back.
  socket.on("data", () => undefined);
  socket.on("error", () => undefined);
  socket.on("close", () => hung.delete(socket));
});

// A canary: how late this process's own 10 ms timer fires. On a shared machine it tells
// scheduling delays of the whole box apart from the dashboard's own lateness.
const CANARY_MS = 10;
const canary: [number, number][] = [];
let expected = now() + CANARY_MS;
setInterval(() => {
  const t = now();
  canary.push([t, Math.max(0, t - expected)]);
  if (canary.length > 100_000) canary.splice(0, 50_000);
  expected = t + CANARY_MS;
}, CANARY_MS);

type Command = { id: number; cmd: "arrivals" | "reset" | "stats" | "canary"; from?: number; to?: number };

process.on("message", (m: Command) => {
  if (m.cmd === "arrivals") process.send?.({ id: m.id, arrivals: Object.fromEntries(arrivals) });
  else if (m.cmd === "canary") process.send?.({ id: m.id, late: canary.filter(([t]) => t >= (m.from ?? 0) && t < (m.to ?? Infinity)).map(([, d]) => d) });
  else if (m.cmd === "reset") {
    arrivals.clear();
    hungAccepted = 0;
    process.send?.({ id: m.id });
  } else process.send?.({ id: m.id, hungOpen: hung.size, hungAccepted });
});
process.on("disconnect", () => process.exit(0));

let listening = 0;
const ready = () => {
  if (++listening < 2) return;
  process.send?.({ ready: true, httpPort: (http.address() as AddressInfo).port, hungPort: (tcp.address() as AddressInfo).port });
};
http.listen({ port: 0, host: "127.0.0.1", backlog: 2048 }, ready);
tcp.listen({ port: 0, host: "127.0.0.1", backlog: 2048 }, ready);
