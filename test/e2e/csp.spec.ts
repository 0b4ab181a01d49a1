import { expect, test } from "./fixtures";

// The pages' CSP (README "Authentication") must not block Next.js's own scripts: the overview and
// the graph still render and go live, and the browser reports no violation.
test("pages render and go live under the CSP, with no violation reported", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));
  const res = await page.goto("/");
  expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.locator('[data-service="flip"]')).toHaveAttribute("data-status", "up");
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "live");
  await page.goto("/graph");
  await expect(page.getByText("flip").first()).toBeVisible();
  expect(violations).toEqual([]);
});
