import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer, type TestServer } from "../fixtures/server";
import { expect, test } from "./fixtures";

// A dashboard of its own: root → mid → leaf, where mid (checked once an hour) fails first and
// root fails after. No check of mid arrives then, so only the `status` push can move it.
let target: Server;
let dashboard: TestServer;
let rootHealthy = true;

test.beforeAll(async () => {
  target = createServer((req, res) => {
    const ok = req.url === "/root" && rootHealthy;
    res.statusCode = ok ? 200 : 503;
    res.end(ok ? "ok" : "failing on purpose");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const t = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  dashboard = await startServer({
    config: `
defaults: { retries: 0, timeout: 1s, failureThreshold: 1 }
services:
  - { id: root, name: Root, interval: 300ms, timeout: 300ms, check: { type: http, url: "${t}/root" } }
  - { id: mid, name: Middle, interval: 1h, check: { type: http, url: "${t}/fail" }, dependsOn: [root] }
  - { id: leaf, name: Leaf, interval: 1h, check: { type: http, url: "${t}/fail" }, dependsOn: [mid] }
`,
    env: { DEPWATCH_LOG_LEVEL: "warn" },
  });
});

test.afterAll(async () => {
  await dashboard?.stop();
  target?.closeAllConnections();
  await new Promise<void>((r) => target?.close(() => r()));
});

test("a root failing after its dependent moves the dependent to blocked in the open page within a second", async ({ page }) => {
  await page.goto(dashboard.url);
  const mid = page.locator('[data-service="mid"]');
  await expect(mid).toHaveAttribute("data-status", "down");
  await expect(page.locator('[data-service="leaf"]')).toHaveAttribute("data-status", "blocked");
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "live");
  await expect(page.getByRole("region", { name: "Root causes" })).toContainText("Middle");

  // Record mid's status at the very render where root turns down: both must move in one update.
  await page.evaluate(() => {
    const w = window as unknown as { __midWhenRootDown?: string | null };
    const root = document.querySelector('[data-service="root"]')!;
    new MutationObserver(() => {
      if (w.__midWhenRootDown === undefined && root.getAttribute("data-status") === "down") {
        w.__midWhenRootDown = document.querySelector('[data-service="mid"]')!.getAttribute("data-status");
      }
    }).observe(root, { attributes: true, attributeFilter: ["data-status"] });
  });
  rootHealthy = false;
  const root = page.locator('[data-service="root"]');
  await expect(root).toHaveAttribute("data-status", "down");
  const rootDownAt = Date.now();
  await expect(mid).toHaveAttribute("data-status", "blocked", { timeout: 1_000 });
  expect(Date.now() - rootDownAt).toBeLessThan(1_000);
  // Not a later refetch: the dependent moved in the same push as the root's check.
  expect(await page.evaluate(() => (window as unknown as { __midWhenRootDown?: string | null }).__midWhenRootDown)).toBe("blocked");
  // "Blocked by" names the root cause (README.md, "Pages"): root is named "Root".
  await expect(mid).toContainText("Blocked by Root");
  await expect(page.getByRole("region", { name: "Root causes" })).not.toContainText("Middle");
});
