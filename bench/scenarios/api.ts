import { Agent } from "node:http";
import { gzipSync } from "node:zlib";
import { waitFor } from "@/test/fixtures/server";
import { get, getJson, timedGet, type StatusBody } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { round, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

/** SPEC §7: `/api/status` with 1,000 services under 50 ms; under 100 ms (p99) with 50 concurrent clients. */
export const api: Scenario = {
  name: "api",
  title: "/api/status with 1,000 services: latency and size",
  async run(ctx) {
    const p = ctx.short
      ? { services: 300, intervalMs: 1_500, sequential: 60, concurrency: 10, loopMs: 3_000 }
      : { services: 1_000, intervalMs: 10_000, sequential: 500, concurrency: 50, loopMs: 20_000 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: `${p.intervalMs}ms`, timeout: `${Math.min(2_000, p.intervalMs)}ms` } });
    const agent = new Agent({ keepAlive: true, maxSockets: p.concurrency });
    try {
      const url = `${fleet.server.url}/api/status`;
      ctx.log(`api: ${p.services} services; waiting until every one has a last check`);
      // Full cards (every lastCheck filled in) are the realistic size.
      await waitFor(async () => {
        const body = await getJson<StatusBody>(url);
        return body.services.every((s) => s.lastCheck !== null) ? true : undefined;
      }, p.intervalMs * 3, "every service to have a last check");
      const identity = { "accept-encoding": "identity" };
      const gzip = { "accept-encoding": "gzip, deflate, br" };
      for (let i = 0; i < 20; i++) await get(url, i % 2 ? gzip : identity, agent);
      const raw: number[] = [];
      for (let i = 0; i < p.sequential; i++) {
        const r = await get(url, identity, agent);
        if (r.status !== 200) throw new Error(`/api/status answered ${r.status}`);
        raw.push(r.ms);
      }
      const compressed: number[] = [];
      let wire = 0;
      let encoding = "identity";
      for (let i = 0; i < p.sequential / 2; i++) {
        const r = await get(url, gzip, agent);
        compressed.push(r.ms);
        wire = r.body.length;
        encoding = String(r.headers["content-encoding"] ?? "identity");
      }
      // Clients that never pause, each asking again as soon as it has its answer, while the
      // services go on being checked (100 checks/s at full size).
      const burst: number[] = [];
      const burstStart = performance.now();
      const until = burstStart + p.loopMs;
      await Promise.all(
        Array.from({ length: p.concurrency }, async () => {
          while (performance.now() < until) {
            const r = await timedGet(url, identity, agent);
            if (r.status !== 200 || !r.complete) throw new Error(`/api/status answered ${r.status}${r.complete ? "" : " with a short body"}`);
            burst.push(r.ms);
          }
        }),
      );
      const burstSeconds = (performance.now() - burstStart) / 1000;
      const body = (await get(url, identity, agent)).body;
      const r = spread(raw);
      const g = spread(compressed);
      const b = spread(burst);
      const figures: Figure[] = [
        { name: "sequential p50 (identity)", value: round(r.p50), unit: "ms" },
        { name: "sequential p99 (identity)", value: round(r.p99), unit: "ms", target: "< 50 ms", ok: r.p99 < 50 },
        { name: `sequential p50 (${encoding})`, value: round(g.p50), unit: "ms" },
        { name: `sequential p99 (${encoding})`, value: round(g.p99), unit: "ms", target: "< 50 ms", ok: g.p99 < 50 },
        { name: `${p.concurrency} concurrent clients p50`, value: round(b.p50), unit: "ms" },
        { name: `${p.concurrency} concurrent clients p99`, value: round(b.p99), unit: "ms", target: "< 100 ms", ok: b.p99 < 100 },
        { name: `${p.concurrency} concurrent clients max`, value: round(b.max), unit: "ms" },
        { name: `${p.concurrency} concurrent clients throughput`, value: round(burst.length / burstSeconds), unit: "req/s" },
        { name: "response bytes (raw)", value: body.length, unit: "B" },
        { name: encoding === "identity" ? "response bytes (gzip, computed here)" : `response bytes on the wire (${encoding})`, value: encoding === "identity" ? gzipSync(body).length : wire, unit: "B" },
      ];
      const notes = [`${p.services} services with a last check each; ${p.sequential} sequential identity requests, ${p.sequential / 2} asking for compression, then ${p.concurrency} concurrent keep-alive clients looping for ${p.loopMs / 1000} s (identity); time to the last byte`];
      if (encoding === "identity") notes.push("the server did not compress /api/status when asked (accept-encoding: gzip, deflate, br)");
      if (process.env.DEPWATCH_STATUS_LANE === "off") notes.push("DEPWATCH_STATUS_LANE=off: the Next.js route answered /api/status");
      return { figures, notes };
    } finally {
      agent.destroy();
      await fleet.stop();
    }
  },
};
