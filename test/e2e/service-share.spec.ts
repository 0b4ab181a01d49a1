import { expect, names, test } from "./fixtures";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("the service page shares a snapshot whose times count back from the snapshot", async ({ page, context }) => {
  await page.goto(names("/services/api"));
  await page.getByRole("button", { name: "Share snapshot" }).click();
  const field = page.getByRole("textbox", { name: "Snapshot link" });
  await expect(field).toHaveValue(/\/share\//);
  const url = await field.inputValue();
  // The whole link is visible in its box.
  expect(await field.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  const snap = await context.newPage();
  await snap.goto(url);
  await expect(snap.getByRole("heading", { level: 1 })).toHaveText("Orders API was blocked (blocked by Orders database)");
  await expect(snap.locator('[data-service="db"] [data-testid="checked-at"]')).toHaveText(/^\d+ s before the snapshot$/);
  await expect(snap.getByText(/ago/)).toHaveCount(0);
});

test("the service page offers its badge, labelled with the service's name", async ({ page, request }) => {
  await page.goto(names("/services/api"));
  await page.getByText("Status badge").click();
  const img = page.getByRole("img", { name: "Orders API status badge" });
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(40);
  const markdown = page.getByRole("textbox", { name: "Markdown" });
  await expect(markdown).toHaveValue(/^\[!\[Orders API status\]\(http:\/\/127\.0\.0\.1:\d+\/api\/badge\/api\)\]\(http:\/\/127\.0\.0\.1:\d+\/services\/api\)$/);
  await page.getByRole("button", { name: "Copy badge Markdown" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await markdown.inputValue());

  const svg = await (await request.get(names("/api/badge/api"))).text();
  expect(svg).toContain('aria-label="Orders API: blocked"');
  expect(await (await request.get(names("/api/badge/api?label=orders"))).text()).toContain('aria-label="orders: blocked"');
});
