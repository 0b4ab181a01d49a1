import { createServer, type Server } from "node:net";
import parse from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPromtool, promtoolCheck } from "@/test/fixtures/promtool";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

let server: TestServer;
let target: Server;

beforeAll(async () => {
  target = createServer((s) => s.end());
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  server = await startServer({
    config: `defaults: { interval: 200ms, timeout: 200ms, failureThreshold: 1 }
services:
  - id: up-svc
    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }
  - id: refused-svc
    check: { type: tcp, url: "tcp://127.0.0.1:1" }
    retries: 1
    backoff: { initial: 10ms }
`,
  });
});

afterAll(async () => {
  await server?.stop();
  target?.close();
});

describe("GET /metrics on a running server", () => {
  it("exposes live counters, statuses and lateness in the Prometheus text format", async () => {
    const text = await waitFor(async () => {
      const t = await (await fetch(`${server.url}/metrics`)).text();
      return /depwatch_checks_total\{service="refused-svc",result="failed"\} [2-9]/.test(t) ? t : undefined;
    }, 15_000, "failed checks to be counted");
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parse(text);
    const value = (name: string, labels: Record<string, string>) =>
      families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(value("depwatch_service_up", { service: "up-svc" })).toBe("1");
    expect(value("depwatch_service_status", { service: "refused-svc", status: "down" })).toBe("1");
    expect(Number(value("depwatch_attempts_total", { service: "refused-svc", outcome: "refused" }))).toBeGreaterThanOrEqual(4);
    const lateness = families.find((f) => f.name === "depwatch_scheduler_lateness_seconds")?.metrics[0];
    expect(Number(lateness?.count)).toBeGreaterThan(0);
    if (hasPromtool() || process.env.CI) {
      const r = promtoolCheck(text);
      expect(r.output).toBe("");
      expect(r.status).toBe(0);
    }
  });
});
