import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventStream, MAX_BEHIND_BYTES } from "@/lib/api/sse";
import type { CheckEventView as CheckEvent } from "@/lib/api/shapes";
import { EventBus } from "@/lib/runtime/events";

// A real HTTP server that pipes the event stream into the response the way Next.js does (it
// waits for `drain`), and real client sockets; only the bus is driven by the test.
const bus = new EventBus();
let server: Server;
let port = 0;
const ended: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    res.writeHead(200, { "content-type": "text/event-stream" });
    const reader = createEventStream({ bus, signal: abort.signal, onEnd: () => ended.push(Date.now()) }).getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!res.write(value)) await once(res, "drain");
        }
        res.end();
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function openStream(): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => undefined);
  socket.write("GET /events HTTP/1.1\r\nhost: x\r\n\r\n");
  return new Promise((resolve) => socket.once("data", () => resolve(socket)));
}

const event = (n: number): CheckEvent => ({
  id: `svc-${n % 300}`,
  status: "up",
  check: { id: n, startedAt: new Date().toISOString(), durationMs: 3, trigger: "schedule", passed: true, attempts: 1, outcome: "ok", message: "x".repeat(900) },
});

describe("an event-stream client that stops reading", () => {
  it("is cut off at the documented bound while a reading client keeps its stream", async () => {
    const stalled = await openStream();
    stalled.pause();
    const reading = await openStream();
    let received = 0;
    reading.on("data", (d: Buffer) => (received += d.length));
    expect(bus.listeners).toBe(2);
    let sent = 0;
    // Far more than the kernel's socket buffers, Node's and the bound together can hold.
    for (let n = 0; n < 60_000 && ended.length === 0; n++) {
      bus.emitCheck(event(n));
      sent += 1_000;
      if (n % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(ended.length).toBe(1);
    expect(bus.listeners).toBe(1);
    // The server closed the stalled connection: once it reads again, it sees the end.
    stalled.resume();
    const closed = await Promise.race([once(stalled, "close").then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
    expect(closed).toBe(true);
    // The reader got (nearly) everything, and the cut came after at least the bound's worth of events.
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toBeGreaterThan(MAX_BEHIND_BYTES);
    expect(sent).toBeGreaterThan(MAX_BEHIND_BYTES);
    reading.destroy();
  });
});
