import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { Scheduler } from "@/lib/scheduler/scheduler";
import { MemoryStore } from "@/lib/store/memory";

const sockets = new Set<Socket>();
const arrivals: number[] = [];
let healthy: Server;
let hung: TcpServer;
let healthyPort = 0;
let hungPort = 0;

function listen(s: Server | TcpServer): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port)));
}

beforeAll(async () => {
  healthy = createHttpServer((_req, res) => {
    arrivals.push(Date.now());
    res.end("ok");
  });
  hung = createTcpServer((s) => sockets.add(s)); // accepts, never answers
  healthyPort = await listen(healthy);
  hungPort = await listen(hung);
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  healthy.close();
  hung.close();
});

it("a hung target never delays another service's checks (real time, generous bounds)", async () => {
  const hungServices = Array.from({ length: 30 }, (_, i) => `  - id: hung-${i}\n    check: { type: http, url: "http://127.0.0.1:${hungPort}/${i}" }\n    timeout: 5s\n    retries: 3\n`).join("");
  const parsed = parseConfig(`services:\n${hungServices}  - id: healthy\n    interval: 200ms\n    timeout: 200ms\n    check: { type: http, url: "http://127.0.0.1:${healthyPort}/" }\n`);
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  const store = new MemoryStore({ pruneIntervalMs: 0 });
  const scheduler = new Scheduler({ store });
  scheduler.setServices(parsed.config.services);
  scheduler.start();
  await new Promise((r) => setTimeout(r, 3_000));
  await scheduler.stop(0);

  // Every hung service was still inside its first attempt the whole time.
  expect(scheduler.get("hung-0")?.lastCheck).toBeUndefined();
  // The healthy one kept its 200 ms cadence: ~14 checks in 3 s, none held back by the others.
  expect(arrivals.length).toBeGreaterThanOrEqual(10);
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
  expect(Math.max(...gaps)).toBeLessThan(200 + 150);
  expect(scheduler.get("healthy")?.counters.status).toBe("up");
});
