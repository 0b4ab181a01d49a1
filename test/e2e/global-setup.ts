import { existsSync } from "node:fs";
import { startServer } from "../fixtures/server";
import { e2eConfig, namesConfig, startControlServer } from "./control";
import { CHROMIUM } from "./chromium";

/** The signing key of the e2e server, so tests could check tokens; never used outside tests. */
export const E2E_SHARE_SECRET = "e2e-share-secret-not-for-production";

/**
 * Starts the control target and the dashboards from the production build (DEPWATCH_DIST_DIR),
 * and hands their URLs to the tests through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Missing Chromium must fail the run, never skip it: the tests would prove nothing.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (browsers are never downloaded)`);
  const control = await startControlServer();
  const server = await startServer({ config: e2eConfig(control.url), env: { DEPWATCH_SHARE_SECRET: E2E_SHARE_SECRET, DEPWATCH_LOG_LEVEL: "warn" } });
  // A second dashboard for the pages' details (names, blocked chains, the graph), so the first
  // keeps the small config the live tests count on.
  const names = await startServer({ config: namesConfig(control.url), env: { DEPWATCH_SHARE_SECRET: E2E_SHARE_SECRET, DEPWATCH_LOG_LEVEL: "warn" } });
  process.env.DEPWATCH_E2E_URL = server.url;
  process.env.DEPWATCH_E2E_NAMES_URL = names.url;
  process.env.DEPWATCH_E2E_CONTROL = control.url;
  return async () => {
    await names.stop();
    await server.stop();
    await control.close();
  };
}
