import { expect, screenshot, test } from "./fixtures";

test("a service turns down on the overview without a reload when its target fails", async ({ page, control }) => {
  await page.goto("/");
  const card = page.locator('[data-service="flip"]');
  await expect(card).toHaveAttribute("data-status", "up");
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "live");
  await screenshot(page, "overview");
  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await control.setHealthy(false);
  await expect(card).toHaveAttribute("data-status", "down");
  // The word is on the badge, not only the colour.
  await expect(card.locator('[data-status="down"]').filter({ hasText: "down" }).last()).toBeVisible();

  await control.setHealthy(true);
  await expect(card).toHaveAttribute("data-status", "up");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("re-check all shows its result", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Re-check all" }).click();
  await expect(page.getByTestId("recheck-result")).toContainText(/Re-checked 4 in .*: 4 passed, 0 failed/);
});

test("Check now adds the new check to the service's timeline", async ({ page }) => {
  await page.goto("/services/manual");
  const timeline = page.getByRole("list", { name: "Check timeline" });
  const rows = timeline.locator("li[data-check-id]");
  await expect(rows.first()).toBeVisible();
  const before = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-check-id"))));
  await page.getByRole("button", { name: "Check now" }).click();
  await expect.poll(async () => Number(await rows.first().getAttribute("data-check-id"))).toBeGreaterThan(Math.max(...before));
  await expect(rows).toHaveCount(before.length + 1);
  await screenshot(page, "service");
});

test("the startup graph renders", async ({ page }) => {
  const res = await page.goto("/graph");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expect(page.getByText("flip").first()).toBeVisible();
  await screenshot(page, "graph");
});
