import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { waitFor } from "@/test/fixtures/server";
import { get, getJson, type StatusBody } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { round, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

const CHROMIUM = process.env.DEPWATCH_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The JavaScript the overview's first load fetches: every script the HTML references, gzip-compressed. */
async function scriptBytes(base: string): Promise<{ raw: number; gzip: number; files: number }> {
  const html = (await get(`${base}/`, { "accept-encoding": "identity" })).body.toString("utf8");
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let raw = 0;
  let gzip = 0;
  for (const src of srcs) {
    const body = (await get(new URL(src, base).toString(), { "accept-encoding": "identity" })).body;
    raw += body.length;
    gzip += gzipSync(body, { level: 6 }).length;
  }
  return { raw, gzip, files: srcs.length };
}

/** Overview weight and render time with many services, in headless Chromium. */
export const page: Scenario = {
  name: "page",
  title: "the overview with 1,000 services: first-load JavaScript and render time in Chromium",
  async run(ctx) {
    const p = ctx.short ? { services: 200, loads: 2 } : { services: 1_000, loads: 10 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: "10s" } });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const base = fleet.server.url;
      await waitFor(async () => ((await getJson<StatusBody>(`${base}/api/status`)).services.every((s) => s.lastCheck !== null) ? true : undefined), 30_000, "every service to have a last check");
      const js = await scriptBytes(base);
      const times: number[] = [];
      for (let i = 0; i <= p.loads; i++) {
        const pageCtx = await browser.newPage();
        const t = performance.now();
        await pageCtx.goto(`${base}/`, { waitUntil: "commit" });
        // Rendered: every card is in the DOM and the page is hydrated (the search box is interactive).
        await pageCtx.waitForFunction((n) => document.querySelectorAll("li[data-service]").length >= n, p.services, { timeout: 30_000 });
        const ms = performance.now() - t;
        if (i > 0) times.push(ms); // the first load warms the server's caches
        await pageCtx.close();
      }
      const r = spread(times);
      const figures: Figure[] = [
        { name: "first-load JavaScript (gzip)", value: round(js.gzip / 1024), unit: "KB", target: "< 250 KB", ok: js.gzip < 250 * 1024 },
        { name: "first-load JavaScript (raw)", value: round(js.raw / 1024), unit: "KB" },
        { name: "script files", value: js.files },
        { name: `overview with ${p.services} cards rendered, p50`, value: round(r.p50), unit: "ms", target: "< 1 s", ok: r.p50 < 1_000 },
        { name: `overview with ${p.services} cards rendered, max`, value: round(r.max), unit: "ms" },
      ];
      return { figures, notes: [`${p.services} services; ${p.loads} loads after one warm-up, navigation start to every card in the DOM; JavaScript gzip computed here at level 6 from the scripts the HTML references`] };
    } finally {
      await browser.close();
      await fleet.stop();
    }
  },
};
