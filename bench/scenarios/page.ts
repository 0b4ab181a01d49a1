import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { waitFor } from "@/test/fixtures/server";
import { CHROMIUM, FLAGS, observe, pressUntil, read, type Recorded } from "../lib/browser";
import { get, getJson, type StatusBody } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { round, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

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

/** One page under test: where it is, what "the first screen is painted" means, its search box. */
interface PageUnderTest {
  label: string;
  path: string;
  /** Selectors and how many of each must be in the DOM for the first screen to count as painted. */
  painted: [string, number][];
  search: string;
  /** After typing, Enter focuses the first match: this selector appears once it is shown. */
  focused?: string;
}

const PAGES: PageUnderTest[] = [
  { label: "overview", path: "/", painted: [["li[data-service]", 20]], search: "Search services" },
  { label: "/graph", path: "/graph", painted: [["[data-node]", 20], ["[data-startup]", 10]], search: "Find a service", focused: '[data-startup][class*="bg-blue-50"]' },
];

const worst = (r: Recorded) => ({ n: r.events.length, key: Math.max(0, ...r.events), work: Math.max(0, ...r.work), long: Math.max(0, ...r.long) });

/** Weight, first paint, typing, Enter and live updates of one page, in a fresh tab per step. */
async function measure(browser: Browser, base: string, p: PageUnderTest, o: { loads: number; liveMs: number; log: (line: string) => void }): Promise<Figure[]> {
  const html = (await get(`${base}${p.path}`, { "accept-encoding": "identity" })).body;
  const paintedIn = (ps: [string, number][]) => ps.every(([sel, n]) => document.querySelectorAll(sel).length >= n);
  const times: number[] = [];
  let nodes = 0;
  for (let i = 0; i <= o.loads; i++) {
    const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const t = performance.now();
    await tab.goto(`${base}${p.path}`, { waitUntil: "commit" });
    await tab.waitForFunction(paintedIn, p.painted, { timeout: 30_000, polling: "raf" });
    const ms = performance.now() - t;
    if (i > 0) times.push(ms); // the first load warms the server's caches
    if (i === o.loads) nodes = await tab.evaluate(() => document.querySelectorAll("*").length);
    await tab.close();
  }
  o.log(`page: ${p.label} loaded ${o.loads + 1} times; typing next`);
  // Typing, Enter and live updates on one open page: 100 checks/s at 1,000 services reach it.
  const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await tab.goto(`${base}${p.path}`);
  await tab.waitForFunction(paintedIn, p.painted);
  await tab.waitForTimeout(2_000);
  await observe(tab);
  await tab.getByRole("searchbox", { name: p.search }).click();
  await tab.keyboard.type("svc-9", { delay: 120 });
  await tab.waitForTimeout(500);
  const typing = worst(await read(tab));
  const figures: Figure[] = [
    { name: `${p.label} HTML (raw)`, value: round(html.length / 1024), unit: "KB", target: "< 300 KB", ok: html.length < 300 * 1024 },
    { name: `${p.label}: first screen painted, p50 / max`, value: `${round(spread(times).p50)} / ${round(spread(times).max)}`, unit: "ms", target: "< 1 s", ok: spread(times).p50 < 1_000 },
    { name: `${p.label}: DOM elements after load`, value: nodes },
    { name: `${p.label}: typing, key to next paint, events over 16 ms (slowest)`, value: `${typing.n} (${round(typing.key)} ms)` },
    { name: `${p.label}: typing, the page's own work per key event, slowest`, value: round(typing.work, 1), unit: "ms", target: "< 16 ms", ok: typing.work < 16 },
    { name: `${p.label}: typing, long tasks (longest)`, value: `${(await read(tab)).long.length} (${round(typing.long)} ms)` },
  ];
  if (p.focused) {
    await observe(tab);
    const shown = await pressUntil(tab, "Enter", p.focused);
    await tab.waitForTimeout(500);
    const enter = worst(await read(tab));
    figures.push(
      { name: `${p.label}: Enter to the focused chain painted`, value: shown === undefined ? "not within 30 s" : round(shown), unit: shown === undefined ? undefined : "ms" },
      { name: `${p.label}: Enter, the page's own work in the key event; long tasks (longest)`, value: `${round(enter.work, 1)} ms; ${(await read(tab)).long.length} (${round(enter.long)} ms)`, target: "< 16 ms", ok: enter.work < 16 },
    );
  }
  // Escape clears the search: the whole list comes back. Its own figure, and it settles before
  // the live-update window opens, so that window measures the updates alone.
  await observe(tab);
  await tab.keyboard.press("Escape");
  await tab.waitForTimeout(1_500);
  const cleared = (await read(tab)).long;
  figures.push({ name: `${p.label}: Escape (search cleared, every service back), long tasks (longest)`, value: `${cleared.length} (${round(Math.max(0, ...cleared))} ms)` });
  o.log(`page: ${p.label} typed; live updates next`);
  await observe(tab);
  await tab.waitForTimeout(o.liveMs);
  const live = await read(tab);
  figures.push({ name: `${p.label}: long tasks in ${o.liveMs / 1000} s of live updates (longest)`, value: `${live.long.length} (${round(Math.max(0, ...live.long))} ms)`, target: "none over 50 ms", ok: live.long.length === 0 });
  await tab.close();
  return figures;
}

/** The overview and /graph with many services: weight, first paint, typing, Enter, live updates in headless Chromium. */
export const page: Scenario = {
  name: "page",
  title: "the overview and /graph with 1,000 services in 10 groups and 16 waves: HTML and JavaScript weight, first paint, typing, live updates in Chromium",
  async run(ctx) {
    const p = ctx.short ? { services: 200, loads: 2, liveMs: 3_000 } : { services: 1_000, loads: 10, liveMs: 10_000 };
    // Ten groups; chains of 16 services (one per wave), each also needing its neighbour chain's previous link.
    const shape = (i: number) => ({ group: `group-${i % 10}`, dependsOn: i % 16 === 0 ? [] : i >= 17 ? [`svc-${i - 1}`, `svc-${i - 17}`] : [`svc-${i - 1}`] });
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: "10s" }, shape });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const base = fleet.server.url;
      await waitFor(async () => ((await getJson<StatusBody>(`${base}/api/status`)).services.every((s) => s.lastCheck !== null) ? true : undefined), 60_000, "every service to have a last check");
      const html = (await get(`${base}/`, { "accept-encoding": "identity" })).body;
      const js = await scriptBytes(base, html.toString("utf8"));
      const figures: Figure[] = [
        { name: "overview first-load JavaScript (gzip)", value: round(js.gzip / 1024), unit: "KB", target: "< 250 KB", ok: js.gzip < 250 * 1024 },
        { name: "overview script files", value: js.files },
      ];
      for (const pg of PAGES) figures.push(...(await measure(browser, base, pg, { ...p, log: ctx.log })));
      return { figures, notes: [`${p.services} services at a 10 s interval in 10 groups and 16 waves; per page ${p.loads} loads after one warm-up at 1440×900, navigation start to the first screen in the DOM (20 cards; 20 graph nodes and 10 timeline rows); typing "svc-9" at 120 ms a key, then (on /graph) Enter to focus the first match (Event Timing, entries over 16 ms); long tasks (over 50 ms) while checks stream in; JavaScript gzip computed here at level 6 from the scripts the HTML references`] };
    } finally {
      await browser.close();
      await fleet.stop();
    }
  },
};
