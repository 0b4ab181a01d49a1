import { request, type IncomingMessage } from "node:http";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { startFleet } from "../lib/fleet";
import { round, sleep, spread } from "../lib/stats";
import type { Scenario } from "../lib/types";

/** An open SSE stream: how it was answered, and the latency of every `check` event seen. */
interface EventStream {
  status: number;
  contentType: string;
  encoding: string;
  latencies: number[];
  close(): void;
}

/** Opens `/api/events` as a browser would (it asks for compression too) and timestamps `check` events. */
function openEvents(url: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", "accept-encoding": "gzip, deflate, br" } }, (res: IncomingMessage) => {
      const encoding = String(res.headers["content-encoding"] ?? "identity");
      const stream: EventStream = { status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), encoding, latencies: [], close: () => req.destroy() };
      if (stream.status !== 200 || !stream.contentType.includes("text/event-stream")) {
        res.resume();
        return resolve(stream);
      }
      const decoder = encoding === "gzip" ? createGunzip() : encoding === "br" ? createBrotliDecompress() : encoding === "deflate" ? createInflate() : undefined;
      const body = decoder ? res.pipe(decoder) : res;
      let buffer = "";
      body.on("data", (chunk: Buffer) => {
        const receivedAt = Date.now();
        buffer += chunk.toString("utf8");
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          let event = "message";
          let data = "";
          for (const line of block.split(/\r?\n/)) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trimStart();
          }
          if (event !== "check" || data === "") continue;
          const e = JSON.parse(data) as { check?: { startedAt?: string; durationMs?: number } };
          if (e.check?.startedAt === undefined || e.check.durationMs === undefined) continue;
          stream.latencies.push(receivedAt - (Date.parse(e.check.startedAt) + e.check.durationMs));
        }
      });
      body.on("error", () => undefined);
      resolve(stream);
    });
    req.on("error", reject);
    req.end();
  });
}

/** SPEC §7: a finished check reaches an open browser in under 250 ms. */
export const push: Scenario = {
  name: "push",
  title: "From a check's end to its SSE event at a client",
  async run(ctx) {
    const p = ctx.short ? { services: 100, intervalMs: 1_000, warmMs: 1_000, windowMs: 3_000 } : { services: 1_000, intervalMs: 10_000, warmMs: 12_000, windowMs: 30_000 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: `${p.intervalMs}ms`, timeout: `${Math.min(2_000, p.intervalMs)}ms` } });
    try {
      const probe = await openEvents(`${fleet.server.url}/api/events`);
      probe.close();
      if (probe.status !== 200 || !probe.contentType.includes("text/event-stream")) {
        const why = `GET /api/events answered ${probe.status} ${probe.contentType || "(no content type)"}`;
        return { figures: [{ name: "push latency", value: "unavailable" }], notes: [why], unavailable: why };
      }
      ctx.log(`push: ${p.services} services every ${p.intervalMs / 1000} s; listening ${p.windowMs / 1000} s`);
      await sleep(p.warmMs);
      const stream = await openEvents(`${fleet.server.url}/api/events`);
      await sleep(p.windowMs);
      stream.close();
      const s = spread(stream.latencies);
      if (s.n === 0) throw new Error(`no check event arrived on /api/events within ${p.windowMs / 1000} s`);
      return {
        figures: [
          { name: "check events received", value: s.n },
          { name: "check end → event p50", value: round(s.p50), unit: "ms" },
          { name: "check end → event p99", value: round(s.p99), unit: "ms", target: "< 250 ms", ok: s.p99 < 250 },
          { name: "check end → event max", value: round(s.max), unit: "ms" },
          { name: "stream content-encoding", value: stream.encoding },
        ],
        notes: [`${p.services} services every ${p.intervalMs} ms; end = startedAt + durationMs of the event's check (ms resolution), receive = when the chunk arrived at the client`],
      };
    } finally {
      await fleet.stop();
    }
  },
};
