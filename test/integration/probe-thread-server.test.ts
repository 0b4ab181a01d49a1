import { afterAll, beforeAll, expect, it } from "vitest";
import { instantTarget } from "@/test/fixtures/probe-thread";
import { startServer, waitFor } from "@/test/fixtures/server";

let target: Awaited<ReturnType<typeof instantTarget>>;
beforeAll(async () => {
  target = await instantTarget();
});
afterAll(() => target.stop());

interface StatusBody { services: { id: string; status: string; lastCheck: { at: string } | null }[] }

const config = () => `services:\n  - id: api\n    check: { type: http, url: "${target.url}api" }\n    interval: 1s\n    timeout: 500ms\n`;

it.each<{ env: Record<string, string>; thread: boolean }>([
  { env: {}, thread: true },
  { env: { DEPWATCH_PROBE_THREAD: "off" }, thread: false },
])("the built server probes on its own thread unless DEPWATCH_PROBE_THREAD=off ($env)", async ({ env, thread }) => {
  const server = await startServer({ config: config(), env });
  try {
    const body = await waitFor(async () => {
      const b = (await (await fetch(`${server.url}/api/status`)).json()) as StatusBody;
      return b.services[0]?.status === "up" ? b : undefined;
    }, 30_000, "api up");
    expect(body.services[0]?.lastCheck).not.toBeNull();
    expect(server.output().includes('"probe_thread_started"')).toBe(thread);
    expect(server.output()).not.toContain("probe_thread_error");
    expect(await server.stop("SIGTERM")).toBe(0);
  } finally {
    await server.stop().catch(() => undefined);
  }
});
