import { expect, names, test } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("on a phone the graph says its waves scroll, keeps text readable and shows the status column", async ({ page }) => {
  await page.goto(names("/graph"));
  const hint = page.getByTestId("scroll-hint");
  await expect(hint).toBeVisible();
  await expect(hint).toHaveText(/^\d+ more waves? to the right: scroll sideways →$/);
  const node = page.locator('[data-node="web"]');
  await expect(node).toContainText("Web shop");
  for (const el of [node.locator("span").first(), node.locator("[data-status]").first()]) {
    expect(parseFloat(await el.evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(12);
  }
  // The node's accessible name starts with what it shows.
  await expect(page.getByRole("link", { name: /^Web shop blocked/ })).toBeVisible();

  const region = page.getByRole("region", { name: "Start-up graph" });
  await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(hint).toBeHidden();

  const row = page.locator('[data-startup="web"]');
  await expect(row.getByRole("cell").last()).toBeVisible();
  await expect(row.locator("[data-status]")).toHaveText(/blocked/);
});
