import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseConfig, type Config, type ConfigIssue } from "@/lib/config/load";
import { MAX_THRESHOLD, MIN_RETENTION_MS } from "@/lib/config/schema";
import { MAX_DURATION_MS, MAX_TIMER_MS } from "@/lib/units";

// Property-based: 12,000 generated texts and configs in all (README "Config bounds"). Each run must
// give a config inside the documented bounds or issues that all carry a path and a line.

function assertSane(result: ReturnType<typeof parseConfig>, raw?: unknown): void {
  if ("issues" in result) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) assertIssue(issue);
  } else assertBounded(result.config, raw);
}

function assertIssue(issue: ConfigIssue): void {
  expect(typeof issue.path).toBe("string");
  expect(issue.line).toBeGreaterThanOrEqual(1);
  // A quoted value is cut to ~80 characters, so no message gets long.
  expect(issue.message.length).toBeLessThanOrEqual(240);
}

function assertBounded(config: Config, raw: unknown): void {
  expect(config.retention).toBeGreaterThanOrEqual(MIN_RETENTION_MS);
  expect(config.retention).toBeLessThanOrEqual(MAX_DURATION_MS);
  const written = (raw as { services?: { timeout?: unknown }[] } | undefined)?.services ?? [];
  config.services.forEach((s, i) => {
    const t = s.timing;
    expect(t.interval).toBeGreaterThanOrEqual(100);
    expect(t.interval).toBeLessThanOrEqual(MAX_TIMER_MS);
    // A timeout written on the service never exceeds its interval.
    if (written[i]?.timeout !== undefined) expect(t.timeout).toBeLessThanOrEqual(t.interval);
    for (const d of [t.timeout, t.startPeriod, t.degradedAfter, t.backoff.initial, t.backoff.max]) {
      expect(Number.isFinite(d) && d >= 0 && d <= MAX_TIMER_MS).toBe(true);
    }
    expect(t.failureThreshold).toBeLessThanOrEqual(MAX_THRESHOLD);
    expect(t.successThreshold).toBeLessThanOrEqual(MAX_THRESHOLD);
    expect(t.retries).toBeLessThanOrEqual(10);
    expect(t.backoff.factor).toBeLessThanOrEqual(10);
    const url = s.check.url;
    if (typeof url === "string") {
      const port = new URL(url.includes("://") ? url : `tls://${url}`).port;
      if (port !== "") expect(Number(port)).toBeGreaterThanOrEqual(1);
    }
    for (const key of ["maxBodyBytes", "minFreeBytes"]) {
      const v = s.check[key];
      if (v !== undefined) expect(Number.isSafeInteger(v)).toBe(true);
    }
    if (s.check.maxBodyBytes !== undefined) expect(s.check.maxBodyBytes).toBeGreaterThanOrEqual(1);
  });
}

const weirdScalar = fc.oneof(
  fc.constantFrom("25d", "24d", "1h", "1s", "99ms", "100ms", "0s", "1e15", "", "${", "${X:-d}", "$$", "${UNSET}", "x", "%zz", "1", "-1", "2 seconds"),
  fc.constantFrom(0, 1, -1, 1e15, 1e300, 0.5, 99999, 65535, 2 ** 31, Number.MAX_SAFE_INTEGER),
  fc.constantFrom("9".repeat(400), "a".repeat(5000), true, false, null),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
);

const url = fc.oneof(
  fc.constantFrom("x", "", "redis://127.0.0.1:6379", "redis://h:0", "redis://h:99999", "postgres://%zz@h/db", "postgres://u:p@h:5432/db", "http://h:0/", "http://h/", "tcp://h:0", "tcp://h:1", "tcp://h:99999", "tls://h:443", "mysql://u:%@h/db", "redis://h/abc"),
  fc.string({ maxLength: 30 }),
);
const check = fc.record(
  {
    type: fc.constantFrom("redis", "postgres", "http", "tcp", "tls", "mysql", "amqp", "mqtt", "nats", "mount", "dns", "docker", "nope"),
    url,
    path: fc.constantFrom("/", "/tmp", "rel"),
    minFreeBytes: weirdScalar,
    maxBodyBytes: weirdScalar,
  },
  { requiredKeys: ["type"] },
);
const timing = { interval: weirdScalar, timeout: weirdScalar, retries: weirdScalar, failureThreshold: weirdScalar, successThreshold: weirdScalar, startPeriod: weirdScalar, degradedAfter: weirdScalar, backoff: fc.record({ initial: weirdScalar, factor: weirdScalar, max: weirdScalar, jitter: weirdScalar }, { requiredKeys: [] }) };
const service = fc.record({ id: fc.oneof(fc.constantFrom("a", "b", "c"), fc.string({ maxLength: 8 })), check, dependsOn: fc.array(fc.constantFrom("a", "b", "zz"), { maxLength: 2 }), ...timing }, { requiredKeys: ["id", "check"] });
const config = fc.record({ defaults: fc.record(timing, { requiredKeys: [] }), retention: weirdScalar, services: fc.array(service, { maxLength: 4 }) }, { requiredKeys: [] });

const env = { SET: "value", EMPTY: "" };

describe("the config loader under generated input", () => {
  it("never throws on generated configs and accepts only bounded ones (1,500 runs)", () => {
    fc.assert(fc.property(config, (c) => assertSane(parseConfig(stringify(c), env), c)), { numRuns: 1_500, seed: 15 });
  });

  it("never throws on arbitrary text, binary included (6,000 runs)", () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")));
    fc.assert(fc.property(text, (t) => assertSane(parseConfig(t, env))), { numRuns: 6_000, seed: 15 });
  });

  it("never throws on YAML built from fragments: aliases, anchors, flow, deep nesting (4,500 runs)", () => {
    const fragment = fc.constantFrom("services:", "  - id: a", "    check: { type: tcp, url: \"tcp://h:1\" }", "a: &x [1, 2, 3]", "b: *x", "c: *nope", "- *x", "x: [[[[[[", "{", "}", "  interval: 25d", "defaults: { timeout: 1h, interval: 1s }", "retention: 0s", "? complex", "!!binary aGk=", "%YAML 1.2", "---", "...", "\t", "\"\\u0000\"", "k: ${X:-d}$$");
    const text = fc.array(fragment, { maxLength: 12 }).map((l) => l.join("\n"));
    fc.assert(fc.property(text, (t) => assertSane(parseConfig(t, env))), { numRuns: 4_500, seed: 15 });
  });
});
