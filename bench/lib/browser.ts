import type { Page } from "@playwright/test";

/** Chromium as installed on the machine, and the flags a headless bench run needs. */
export const CHROMIUM = process.env.DEPWATCH_CHROMIUM ?? "/usr/bin/chromium";
export const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** What the page recorded since `observe`: long tasks, and per input event key-to-paint and own work (ms). */
export interface Recorded {
  long: number[];
  events: number[];
  work: number[];
}

/** Starts recording long tasks and slow input events in the page (Long Tasks and Event Timing APIs). */
export async function observe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rec: { long: number[]; events: number[]; work: number[] } };
    const rec = { long: [] as number[], events: [] as number[], work: [] as number[] };
    w.__rec = rec;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => rec.long.push(e.duration))).observe({ type: "longtask", buffered: false });
    // duration: the key to the next paint (so at least the wait for the next frame); work: the
    // page's own handling of the event (input delay and handlers), the part the page can shorten.
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        const t = e as PerformanceEventTiming;
        rec.events.push(t.duration);
        rec.work.push(t.processingEnd - t.startTime);
      }),
    ).observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
  });
}

/** Reads what `observe` recorded. */
export function read(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { __rec: Recorded }).__rec);
}

/**
 * Presses `key` and waits until `selector` matches; returns the time from the key event to the
 * first animation frame in which it did (key to the result painted), in ms, or undefined when it
 * did not within `timeoutMs`.
 */
export async function pressUntil(page: Page, key: string, selector: string, timeoutMs = 30_000): Promise<number | undefined> {
  // A string, not a function: the bench's TypeScript loader would wrap the inner closure in a
  // helper that does not exist in the page.
  await page.evaluate(`void (window.__until = new Promise((resolve) => {
    addEventListener("keydown", (e) => {
      const from = e.timeStamp;
      const look = () => (document.querySelector(${JSON.stringify(selector)}) ? resolve(performance.now() - from) : requestAnimationFrame(look));
      requestAnimationFrame(look);
    }, { once: true, capture: true });
  }))`);
  await page.keyboard.press(key);
  return page.evaluate((ms) => Promise.race([(window as unknown as { __until: Promise<number> }).__until, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]), timeoutMs);
}
