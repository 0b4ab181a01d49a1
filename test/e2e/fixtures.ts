import { mkdirSync } from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";

/** Flips the control target: healthy answers 200, failing 503. */
async function setHealthy(healthy: boolean): Promise<void> {
  const res = await fetch(`${process.env.DEPWATCH_E2E_CONTROL}/state?healthy=${healthy ? 1 : 0}`, { method: "POST" });
  if (!res.ok) throw new Error(`control server answered ${res.status}`);
}

/** Tests run against the server global-setup started; `control` steers its target. */
export const test = base.extend<{ control: { setHealthy: typeof setHealthy } }>({
  // Fixture callbacks name their continuation `provide`, not `use`, so React's hook lint leaves them be.
  baseURL: async ({ browserName: _ }, provide) => {
    await provide(process.env.DEPWATCH_E2E_URL);
  },
  control: async ({ browserName: _ }, provide) => {
    await provide({ setHealthy });
    await setHealthy(true);
  },
});

export { expect };

/** Saves a full-page screenshot as a test artifact under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A URL on the second dashboard (names, blocked chains and the graph; see namesConfig). */
export function names(path: string): string {
  return `${process.env.DEPWATCH_E2E_NAMES_URL}${path}`;
}
