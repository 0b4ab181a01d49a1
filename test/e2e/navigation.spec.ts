import { expect, names, test } from "./fixtures";

test("Back steps through filter, search and range changes without leaving the app", async ({ page }) => {
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: "Search services" });
  await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^up\b/ }).click();
  await expect(page).toHaveURL(/\?status=up$/);
  await search.fill("target");
  await expect(page).toHaveURL(/status=up&q=target$/);
  await page.goBack();
  await expect(page).toHaveURL(/\?status=up$/);
  await expect(search).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^up\b/ })).toHaveAttribute("aria-pressed", "false");

  await page.goto("/services/steady");
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "6h" }).click();
  await expect(page).toHaveURL(/range=6h/);
  await page.goBack();
  await expect(page).toHaveURL(/\/services\/steady$/);
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "1h" })).toHaveAttribute("aria-current", "true");
});

test("/ focuses search on the overview and the graph, but not while typing elsewhere", async ({ page }) => {
  // The shortcut works once the page is interactive: the box says so (aria-keyshortcuts is set
  // when its listener is). A key pressed before that, within moments of the load event, is the
  // browser's, as on any page still hydrating.
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: "Search services" });
  await expect(search).toHaveAttribute("aria-keyshortcuts", "/");
  await page.locator("body").press("/");
  await expect(search).toBeFocused();
  await page.goto(names("/graph"));
  const find = page.getByRole("searchbox", { name: "Find a service" });
  await expect(find).toHaveAttribute("aria-keyshortcuts", "/");
  await page.locator("body").press("/");
  await expect(find).toBeFocused();
  await find.pressSequentially("a/b");
  await expect(find).toHaveValue("a/b");
});

test("focusing a service on the graph fades unrelated edges, red ones included, and Back clears it", async ({ page }) => {
  await page.goto(names("/graph"));
  const blocking = page.locator('[data-blocking="db>api"]');
  await expect(blocking).toBeAttached();
  await expect(blocking).not.toHaveAttribute("data-faint", "true");
  await page.locator('[data-startup="s9"] button').click();
  await expect(page).toHaveURL(/focus=s9/);
  await expect(blocking).toHaveAttribute("data-faint", "true");
  await expect(page.locator('[data-node="db"]')).toHaveAttribute("data-faded", "true");
  await page.goBack();
  await expect(page).not.toHaveURL(/focus=/);
  await expect(blocking).not.toHaveAttribute("data-faint", "true");
});
