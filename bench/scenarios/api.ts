import { Agent } from "node:http";
import { gzipSync } from "node:zlib";
import { waitFor } from "@/test/fixtures/server";
import { get, getJson, type StatusBody } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { round, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

/** SPEC §7: `/api/status` with 1,000 services under 50 ms. */
export const api: Scenario = {
  name: "api",
  title: "/api/status with 1,000 services: latency and size",
  async run(ctx) {
    const p = ctx.short
      ? { services: 300, intervalMs: 1_500, sequential: 60, burst: 40, concurrency: 10 }
      : { services: 1_000, intervalMs: 10_000, sequential: 500, burst: 200, concurrency: 20 };
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
      const burst: number[] = [];
      const burstStart = performance.now();
      let left = p.burst;
      await Promise.all(
        Array.from({ length: p.concurrency }, async () => {
          while (left-- > 0) burst.push((await get(url, identity, agent)).ms);
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
        { name: `burst p50 (${p.concurrency} concurrent)`, value: round(b.p50), unit: "ms" },
        { name: `burst p99 (${p.concurrency} concurrent)`, value: round(b.p99), unit: "ms" },
        { name: "burst throughput", value: round(p.burst / burstSeconds), unit: "req/s" },
        { name: "response bytes (raw)", value: body.length, unit: "B" },
        { name: encoding === "identity" ? "response bytes (gzip, computed here)" : `response bytes on the wire (${encoding})`, value: encoding === "identity" ? gzipSync(body).length : wire, unit: "B" },
      ];
      const notes = [`${p.services} services with a last check each; ${p.sequential} sequential identity requests, ${p.sequential / 2} asking for compression, then ${p.burst} at ${p.concurrency} concurrent; keep-alive client, time to the last byte`];
      if (encoding === "identity") notes.push("the server did not compress /api/status when asked (accept-encoding: gzip, deflate, br)");
      return { figures, notes };
    } finally {
      agent.destroy();
      await fleet.stop();
    }
  },
};
