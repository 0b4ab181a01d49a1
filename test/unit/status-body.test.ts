import { describe, expect, it } from "vitest";
import { StatusBody } from "@/lib/api/status-body";
import type { CheckEventView as CheckEvent } from "@/lib/api/shapes";
import { EventBus } from "@/lib/runtime/events";
import type { StatusView } from "@/lib/api/shapes";

const check: CheckEvent = { id: "a", status: "up", check: { id: 1, startedAt: "2025-01-01T00:00:00.000Z", durationMs: 1, trigger: "schedule", passed: true, attempts: 1, outcome: "ok", message: null } };

/** A real bus with a status source that counts how often it is built (the engine's own status() is tested elsewhere). */
function setup() {
  const bus = new EventBus();
  let builds = 0;
  const status = () => [Buffer.from(JSON.stringify({ generatedAt: String(++builds), services: [], order: [] } satisfies StatusView))];
  return { bus, body: new StatusBody(bus, status, 250), builds: () => builds };
}

describe("the /api/status body", () => {
  it.each([
    ["is reused by requests with nothing pushed between", () => undefined, 0, 1],
    ["is rebuilt after a check event", (bus: EventBus) => bus.emitCheck(check), 0, 2],
    ["is rebuilt after a config event", (bus: EventBus) => bus.emitConfig({ ok: true, at: "x" }), 0, 2],
    ["is rebuilt after a status event", (bus: EventBus) => bus.emitStatus({ at: "x", services: [] }), 0, 2],
    ["is rebuilt once it is 250 ms old", () => undefined, 250, 2],
  ])("%s", (_name, between, laterMs, builds) => {
    const s = setup();
    const first = s.body.json(1_000);
    between(s.bus);
    const second = s.body.json(1_000 + laterMs);
    expect(s.builds()).toBe(builds);
    expect(second === first).toBe(builds === 1);
    expect(JSON.parse(second)).toMatchObject({ generatedAt: String(builds) });
  });
});
