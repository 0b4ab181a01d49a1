import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./test/e2e/chromium";

// Browsers are never downloaded: the tests drive the system Chromium.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";

export default defineConfig({
  testDir: "test/e2e",
  // One worker: the tests share one dashboard and one control target whose state they flip.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: "test-results/e2e",
  reporter: [["list"]],
  // Starts the control target and `next start` from the build in DEPWATCH_DIST_DIR (default .next).
  globalSetup: "./test/e2e/global-setup.ts",
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
