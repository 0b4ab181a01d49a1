import { expect, screenshot, test } from "./fixtures";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("a copied link opens the same filtered view", async ({ page, context }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search services" }).fill("target");
  await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^up\b/ }).click();
  await expect(page).toHaveURL(/status=up/);
  await expect(page).toHaveURL(/q=target/);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Link copied")).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  const other = await context.newPage();
  await other.goto(copied);
  await expect(other.getByRole("searchbox", { name: "Search services" })).toHaveValue("target");
  await expect(other.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^up\b/ })).toHaveAttribute("aria-pressed", "true");
  // "target" is in the names of flip and steady only.
  await expect(other.locator("[data-service]")).toHaveCount(2);
  await expect(other.locator('[data-service="flip"]')).toBeVisible();
  await expect(other.locator('[data-service="steady"]')).toBeVisible();
});

test("a snapshot link opens the frozen status", async ({ page, context }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Share snapshot" }).click();
  const field = page.getByRole("textbox", { name: "Snapshot link" });
  await expect(field).toHaveValue(/\/share\//);
  const url = await field.inputValue();

  const other = await context.newPage();
  const res = await other.goto(url);
  expect(res?.status()).toBe(200);
  await expect(other.getByRole("note", { name: "Snapshot" })).toContainText(/Snapshot taken at .* UTC, expires .* UTC/);
  await expect(other.locator('[data-service="flip"]')).toBeVisible();
  await expect(other).toHaveTitle(/^Snapshot: /);
  await screenshot(other, "snapshot");
});

test("an expired snapshot link answers 410 and a tampered one 404", async ({ page, request }) => {
  const made = await request.post("/api/share", { data: { service: "steady", ttl: "1s" } });
  expect(made.status()).toBe(201);
  const link = (await made.json()) as { url: string; token: string; expiresAt: string };
  const tampered = await page.goto(link.url.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
  expect(tampered?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This snapshot link is not valid" })).toBeVisible();

  await page.waitForTimeout(Math.max(0, Date.parse(link.expiresAt) - Date.now()) + 300);
  const expired = await page.goto(link.url);
  expect(expired?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "This snapshot link has expired" })).toBeVisible();
});
