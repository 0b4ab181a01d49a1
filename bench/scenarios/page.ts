import { gzipSync } from "node:zlib";
import { chromium, type Page } from "@playwright/test";
import { waitFor } from "@/test/fixtures/server";
import { get, getJson, type StatusBody } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { round, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

const CHROMIUM = process.env.DEPWATCH_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The JavaScript the overview's first load fetches: every script the HTML references, gzip-compressed. */
async function scriptBytes(base: string, html: string): Promise<{ raw: number; gzip: number; files: number }> {
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

/** Starts recording long tasks and slow input events in the page (Long Tasks and Event Timing APIs). */
async function observe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __events: number[]; __work: number[] };
    w.__long = [];
    w.__events = [];
    w.__work = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask", buffered: false });
    // duration: the key to the next paint (so at least the wait for the next frame); work: the
    // page's own handling of the event (input delay and handlers), the part the page can shorten.
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        const t = e as PerformanceEventTiming;
        w.__events.push(t.duration);
        w.__work.push(t.processingEnd - t.startTime);
      }),
    ).observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
  });
}

const read = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __events: number[]; __work: number[] };
    return { long: w.__long, events: w.__events, work: w.__work };
  });

/** Overview weight, paint time, keystroke lag and long tasks with many services, in headless Chromium. */
export const page: Scenario = {
  name: "page",
  title: "the overview with 1,000 services: HTML and JavaScript weight, first paint, typing, live updates in Chromium",
  async run(ctx) {
    const p = ctx.short ? { services: 200, loads: 2, liveMs: 3_000 } : { services: 1_000, loads: 10, liveMs: 10_000 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: "10s" } });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const base = fleet.server.url;
      await waitFor(async () => ((await getJson<StatusBody>(`${base}/api/status`)).services.every((s) => s.lastCheck !== null) ? true : undefined), 30_000, "every service to have a last check");
      const html = (await get(`${base}/`, { "accept-encoding": "identity" })).body;
      const js = await scriptBytes(base, html.toString("utf8"));
      const times: number[] = [];
      let nodes = 0;
      for (let i = 0; i <= p.loads; i++) {
        const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const t = performance.now();
        await tab.goto(`${base}/`, { waitUntil: "commit" });
        // Painted: the first screen of cards is there and the fleet's count is shown.
        await tab.waitForFunction(() => document.querySelectorAll("li[data-service]").length >= 20, undefined, { timeout: 30_000, polling: "raf" });
        const ms = performance.now() - t;
        if (i > 0) times.push(ms); // the first load warms the server's caches
        if (i === p.loads) nodes = await tab.evaluate(() => document.querySelectorAll("*").length);
        await tab.close();
      }
      // Typing and live updates on one open page: 100 checks/s at 1,000 services reach it.
      const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await tab.goto(`${base}/`);
      await tab.waitForFunction((n) => document.body.textContent?.includes(`of ${n} services`) && document.querySelectorAll("li[data-service]").length >= 20, p.services);
      await tab.waitForTimeout(1_000);
      await observe(tab);
      await tab.getByRole("searchbox", { name: "Search services" }).click();
      await tab.keyboard.type("svc-9", { delay: 120 });
      await tab.waitForTimeout(500);
      const typing = await read(tab);
      await tab.keyboard.press("Escape");
      await observe(tab);
      await tab.waitForTimeout(p.liveMs);
      const live = await read(tab);
      await tab.close();
      const r = spread(times);
      const maxKey = Math.max(0, ...typing.events);
      const maxWork = Math.max(0, ...typing.work);
      const maxLive = Math.max(0, ...live.long);
      const figures: Figure[] = [
        { name: "overview HTML (raw)", value: round(html.length / 1024), unit: "KB", target: "< 300 KB", ok: html.length < 300 * 1024 },
        { name: "first-load JavaScript (gzip)", value: round(js.gzip / 1024), unit: "KB", target: "< 250 KB", ok: js.gzip < 250 * 1024 },
        { name: "script files", value: js.files },
        { name: "first screen of cards painted, p50", value: round(r.p50), unit: "ms", target: "< 1 s", ok: r.p50 < 1_000 },
        { name: "first screen of cards painted, max", value: round(r.max), unit: "ms" },
        { name: "DOM elements after load", value: nodes },
        { name: "typing: key to next paint, events over 16 ms (slowest)", value: `${typing.events.length} (${round(maxKey)} ms)` },
        { name: "typing: the page's own work per key event, slowest", value: round(maxWork, 1), unit: "ms", target: "< 16 ms", ok: maxWork < 16 },
        { name: `long tasks in ${p.liveMs / 1000} s of live updates (longest)`, value: `${live.long.length} (${round(maxLive)} ms)`, target: "none over 50 ms", ok: live.long.length === 0 },
      ];
      return { figures, notes: [`${p.services} services at a 10 s interval; ${p.loads} loads after one warm-up at 1440×900, navigation start to 20 cards in the DOM; typing "svc-9" at 120 ms a key (Event Timing, entries over 16 ms); long tasks (over 50 ms) while checks stream in; JavaScript gzip computed here at level 6 from the scripts the HTML references`] };
    } finally {
      await browser.close();
      await fleet.stop();
    }
  },
};
