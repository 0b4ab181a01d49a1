import { expect, test } from "./fixtures";

// The body's background as mean RGB (0 black – 255 white); a canvas converts lab()/oklch() colours.
const brightness = (page: import("@playwright/test").Page) =>
  page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
    return (r + g + b) / 3;
  });

test("the theme toggle pins dark against a light system, and the browser remembers it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const theme = page.getByRole("combobox", { name: "Theme" });
  await expect(theme).toHaveValue("system");
  expect(await brightness(page)).toBeGreaterThan(200);

  await theme.selectOption("dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(await brightness(page)).toBeLessThan(40);

  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
  await page.goto("/graph");
  expect(await brightness(page)).toBeLessThan(40);

  await page.getByRole("combobox", { name: "Theme" }).selectOption("system");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
});
