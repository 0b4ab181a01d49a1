import { checkTypes } from "@/lib/checks";
import type { DemoStack } from "@/lib/demo/stack";

/**
 * The demo's config (as plain data, validated like any file) for a running demo stack. The
 * database's start period covers its start-up (`dbDelayMs`), so the API shows as waiting for it,
 * not as a root cause, until it is up.
 */
export function demoConfig(ports: DemoStack["ports"], dbDelayMs = 20_000): unknown {
  return {
    defaults: { interval: "5s", timeout: "1s", retries: 2, failureThreshold: 2 },
    services: [
      { id: "orders-db", name: "Orders database", group: "data", check: { type: "tcp", url: `tcp://127.0.0.1:${ports.db}` }, startPeriod: `${Math.ceil(dbDelayMs / 1000) + 10}s` },
      { id: "cache", name: "Cache", group: "data", check: { type: "http", url: `http://127.0.0.1:${ports.cache}/ping`, expect: { bodyContains: "PONG" } } },
      { id: "search", name: "Search backend", group: "data", check: { type: "http", url: `http://127.0.0.1:${ports.search}/_cluster/health` } },
      {
        id: "api",
        name: "Orders API",
        group: "app",
        check: { type: "http", url: `http://127.0.0.1:${ports.api}/health`, expect: { status: [200], json: { path: "status", equals: "ok" } } },
        dependsOn: ["orders-db", { service: "cache", optional: true }],
      },
      { id: "worker", name: "Indexing worker", group: "app", check: { type: "http", url: `http://127.0.0.1:${ports.api}/worker/health` }, dependsOn: ["orders-db", "search", "api"] },
      // The mount check needs a Linux host; the demo shows it where it can run.
      ...("mount" in checkTypes ? [{ id: "shared-fs", name: "Shared memory mount", group: "storage", check: { type: "mount", path: "/dev/shm", writable: true, minFreeBytes: "1MiB" } }] : []),
    ],
  };
}
