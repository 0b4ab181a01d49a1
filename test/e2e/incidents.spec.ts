import { expect, screenshot, test } from "./fixtures";

test("an outage shows on /incidents live, a silence is made and ended there, and the incident resolves", async ({ page, control }) => {
  await page.goto("/incidents");
  await expect(page.getByRole("heading", { name: "Open incidents" })).toBeVisible();
  // The stream is open before the outage starts, so the page can only learn of it by the push.
  await expect(page.locator('[data-live="live"]')).toBeVisible();
  await control.setHealthy(false);
  // Pushed by the `incident` event (polling alone would take up to 15 s).
  const open = page.locator("section", { has: page.getByRole("heading", { name: "Open incidents" }) }).locator("[data-incident]");
  await expect(open.filter({ hasText: "flip is down" })).toBeVisible({ timeout: 8_000 });

  const form = page.getByRole("form", { name: "New silence" });
  await form.getByLabel("Services").fill("steady");
  await form.getByLabel("For").fill("30m");
  await form.getByLabel("Reason").fill("disk swap");
  await form.getByLabel("Who").fill("e2e");
  await form.getByRole("button", { name: "Silence" }).click();
  const silence = page.locator("[data-silence]", { hasText: "disk swap" }).first();
  await expect(silence).toContainText("⚒ active");
  await expect(silence).toContainText("by e2e");
  const status = await (await page.request.get("/api/status")).json();
  expect(status.services.find((s: { id: string }) => s.id === "steady").status).toBe("maintenance");
  await screenshot(page, "incidents");
  await silence.getByRole("button", { name: "End now" }).click();
  await expect(silence).toContainText("ended");

  await control.setHealthy(true);
  const past = page.locator("section", { has: page.getByRole("heading", { name: "Past incidents" }) }).locator("[data-incident]");
  await expect(past.filter({ hasText: "flip was down" }).first()).toBeVisible({ timeout: 10_000 });
  await expect(open).toHaveCount(0);
});
