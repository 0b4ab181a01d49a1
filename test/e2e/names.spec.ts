import { expect, names, test } from "./fixtures";

test("blocked services name their root cause, and lists sort by name as people count", async ({ page }) => {
  await page.goto(names("/"));
  const web = page.locator('[data-service="web"]');
  await expect(web).toHaveAttribute("data-status", "blocked");
  await expect(web.getByText(/^Blocked by/)).toHaveText("Blocked by Orders database");
  await expect(web.getByRole("link", { name: "Orders database" })).toHaveAttribute("href", "/services/db");
  expect(await page.locator('section[aria-labelledby="g-fleet"] [data-service] > div > a').allTextContents()).toEqual(["service 9", "service 10", "service 94"]);
  // The tab says what this is and what is wrong.
  await expect(page).toHaveTitle(/down.* · 8 services · depwatch$/);
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);

  await page.goto(names("/services/web"));
  await expect(page.getByText(/^Blocked by Orders database/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Depends on" }).getByRole("link")).toHaveText(["Orders API"]);
  await expect(page).toHaveTitle(/^Web shop is blocked: blocked by Orders database · depwatch$/);
  await page.goto(names("/services/api"));
  await expect(page.getByRole("region", { name: "Dependents" }).getByRole("link")).toHaveText(["Web shop"]);
  await expect(page.getByText(/Checked every 2 s; each attempt may take up to 1 s; no retries/)).toBeVisible();
});

test("a hanging service shows its timeouts, and look-alike failures fold into one line", async ({ page }) => {
  await page.goto(names("/"));
  await expect(page.locator('[data-service="cache"] [data-testid="timeouts"]')).toContainText(/timed out/);
  await page.goto(names("/services/db"));
  const folded = page.getByTestId("folded-checks").first();
  await expect(folded).toContainText(/more checks like this \(failed after 1 attempt\)/, { timeout: 20_000 });
  await expect(folded.locator("li[data-check-id]").first()).toBeHidden();
  await folded.locator("summary").click();
  await expect(folded.locator("li[data-check-id]").first()).toBeVisible();
  // It stays open while new look-alike checks join the run (one every 2 s).
  const summary = await folded.locator("summary").textContent();
  await expect(folded.locator("summary")).not.toHaveText(summary ?? "", { timeout: 10_000 });
  await expect(folded.locator("li[data-check-id]").first()).toBeVisible();
});
