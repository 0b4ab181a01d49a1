import AxeBuilder from "@axe-core/playwright";
import { expect, names, screenshot, test } from "./fixtures";

// Every page, in both themes and at desk and phone size: axe finds nothing serious, and each view
// is kept as a screenshot under test-results/screenshots/ for review.
const SIZES = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const CASES = (["light", "dark"] as const).flatMap((theme) => (["desk", "phone"] as const).map((size) => ({ theme, size })));

test.describe.configure({ timeout: 120_000 });

for (const { theme, size } of CASES) {
  test(`every page passes axe in the ${theme} theme at ${size} size`, async ({ page, request }) => {
    const made = await request.post(names("/api/share"), { data: { service: "api", range: "1h" } });
    expect(made.status()).toBe(201);
    const { url: share } = (await made.json()) as { url: string };
    const pages: [string, string][] = [["overview", names("/")], ["graph", names("/graph")], ["service", names("/services/api")], ["snapshot", share], ["login", names("/login")]];

    await page.setViewportSize(SIZES[size]);
    await page.addInitScript((t) => window.localStorage.setItem("depwatch-theme", t), theme);
    for (const [name, url] of pages) {
      await page.goto(url);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator("main")).toBeVisible();
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${name}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      expect(serious).toEqual([]);
      await screenshot(page, `${name}-${theme}-${size}`);
    }
  });
}
