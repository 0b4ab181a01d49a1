import { describe, expect, it } from "vitest";
import { scrubber } from "@/lib/config/redact";
import { createLogger, parseLogLevel } from "@/lib/log";

function capture(level?: string, secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({ level, scrub: () => scrubber(secrets), write: (l) => lines.push(l) });
  return { log, lines };
}

describe("structured logs", () => {
  it("writes one JSON object per event with time, level and event", () => {
    const { log, lines } = capture();
    log.log("info", "started", { services: 3 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", event: "started", services: 3, time: expect.stringMatching(/^\d{4}-/) });
  });

  it.each([
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["WARN", ["warn", "error"]],
    ["error", ["error"]],
  ] as const)("DEPWATCH_LOG_LEVEL=%s lets through %j", (level, shown) => {
    const { log, lines } = capture(level);
    for (const l of ["debug", "info", "warn", "error"] as const) log.log(l, `e_${l}`);
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(shown);
  });

  it("warns once about an unknown level and uses info", () => {
    const { log, lines } = capture("verbose");
    log.log("debug", "hidden");
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(["log_level_invalid"]);
    expect(parseLogLevel("verbose")).toBeUndefined();
  });

  it.each([
    ["a configured secret in a message", { error: 'auth failed for "hunter2"' }, "hunter2"],
    ["a secret JSON would escape", { detail: 'pa"ss\\word' }, 'pa\\"ss'],
    ["URL credentials", { target: "postgres://app:pw123@db:5432/x" }, "pw123"],
    ["a secret in a nested field", { nested: { list: ["x hunter2 y"] } }, "hunter2"],
    ["a secret in an Error", { error: new Error("login hunter2 refused") }, "hunter2"],
  ])("scrubs %s", (_name, fields, secret) => {
    const { log, lines } = capture("info", ["hunter2", 'pa"ss\\word']);
    log.log("error", "x", fields);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain("***");
  });
});
