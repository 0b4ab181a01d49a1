import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "@/test/fixtures/protocol-servers";

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("healthy"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Keeps the event loop busy, as a loaded dashboard would, for `ms`. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe("an attempt whose answer is in while the event loop is busy", () => {
  it("is ok, not a timeout, when the loop reaches the timer and the answer at the same time", async () => {
    // The port accepts within a millisecond; the loop is blocked well past the timeout, so the
    // overdue timer and the connection are both waiting when it frees up.
    const result = attempt({ type: "tcp", url: `tcp://127.0.0.1:${port}` }, 100);
    busy(300);
    expect((await result).outcome).toBe("ok");
  });
});
