import parse from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { escapeLabel, Histogram } from "@/lib/metrics/exposition";
import { MetricsCollector } from "@/lib/metrics/collector";
import type { AttemptRecord, CheckRecord, Outcome } from "@/lib/model";
import { hasPromtool, promtoolCheck } from "@/test/fixtures/promtool";

let nextId = 1;
function check(serviceId: string, outcomes: Outcome[], durationMs: number): CheckRecord {
  const attempts: AttemptRecord[] = outcomes.map((outcome, i) => ({ n: i + 1, startedAt: 0, durationMs: durationMs / outcomes.length, outcome }));
  return { id: nextId++, serviceId, startedAt: 0, durationMs, trigger: "schedule", passed: outcomes.at(-1) === "ok", attempts };
}

function sample(families: ReturnType<typeof parse>, name: string, labels: Record<string, string>): string | undefined {
  const f = families.find((x) => x.name === name);
  return f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
}

function fixture(): string {
  const m = new MetricsCollector();
  m.recordCheck(check("api", ["ok"], 30));
  m.recordCheck(check("api", ["timeout", "ok"], 2_400));
  m.recordCheck(check("db", ["refused", "refused", "refused"], 700));
  m.observeLateness(3);
  m.observeLateness(-1);
  m.observeLateness(120);
  return m.render([{ id: "api", status: "degraded" }, { id: "db", status: "down" }, { id: "new", status: "pending" }], false);
}

describe("metrics exposition", () => {
  const text = fixture();
  const families = parse(text);

  it("declares every family with HELP and TYPE", () => {
    const types = Object.fromEntries(families.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      depwatch_service_up: "GAUGE",
      depwatch_service_status: "GAUGE",
      depwatch_checks_total: "COUNTER",
      depwatch_attempts_total: "COUNTER",
      depwatch_check_duration_seconds: "HISTOGRAM",
      depwatch_scheduler_lateness_seconds: "HISTOGRAM",
      depwatch_config_last_reload_successful: "GAUGE",
    });
    for (const f of families) expect(f.help, f.name).not.toBe("");
  });

  it.each([
    ["depwatch_service_up", { service: "api" }, "1"],
    ["depwatch_service_up", { service: "db" }, "0"],
    ["depwatch_service_up", { service: "new" }, "0"],
    ["depwatch_service_status", { service: "db", status: "down" }, "1"],
    ["depwatch_service_status", { service: "db", status: "up" }, "0"],
    ["depwatch_service_status", { service: "new", status: "pending" }, "1"],
    ["depwatch_checks_total", { service: "api", result: "passed" }, "2"],
    ["depwatch_checks_total", { service: "api", result: "failed" }, "0"],
    ["depwatch_checks_total", { service: "db", result: "failed" }, "1"],
    ["depwatch_attempts_total", { service: "api", outcome: "ok" }, "2"],
    ["depwatch_attempts_total", { service: "api", outcome: "timeout" }, "1"],
    ["depwatch_attempts_total", { service: "db", outcome: "refused" }, "3"],
    ["depwatch_attempts_total", { service: "new", outcome: "ok" }, "0"],
    ["depwatch_config_last_reload_successful", {}, "0"],
  ])("%s %j = %s", (name, labels, value) => {
    expect(sample(families, name, labels)).toBe(value);
  });

  it("is one-hot over statuses for each service", () => {
    const f = families.find((x) => x.name === "depwatch_service_status")!;
    for (const id of ["api", "db", "new"]) {
      const ones = f.metrics.filter((m) => m.labels?.service === id && m.value === "1");
      expect(ones, id).toHaveLength(1);
    }
  });

  it("fills the duration histogram per service in seconds, cumulatively", () => {
    // The parser folds labelled histograms into one, so it is given one service's series alone.
    const apiOnly = text
      .split("\n")
      .filter((l) => l.startsWith("# ") ? l.includes("depwatch_check_duration_seconds") : l.startsWith("depwatch_check_duration_seconds") && l.includes('service="api"'))
      .map((l) => l.replace('service="api",', "").replace('{service="api"}', ""))
      .join("\n");
    const api = parse(`${apiOnly}\n`)[0]!.metrics[0]!;
    expect(api.count).toBe("2");
    expect(Number(api.sum)).toBeCloseTo(2.43, 6);
    expect(api.buckets).toMatchObject({ "0.025": "0", "0.05": "1", "2.5": "2", "+Inf": "2" });
  });

  it("records lateness, counting early wake-ups as zero", () => {
    const h = families.find((x) => x.name === "depwatch_scheduler_lateness_seconds")!.metrics[0]!;
    expect(h.count).toBe("3");
    expect(h.buckets).toMatchObject({ "0.001": "1", "0.005": "2", "0.1": "2", "0.25": "3" });
  });

  it("forgets services that are no longer configured", () => {
    const m = new MetricsCollector();
    m.recordCheck(check("gone", ["ok"], 5));
    expect(m.render([{ id: "gone", status: "up" }])).toContain('service="gone"');
    expect(m.render([{ id: "kept", status: "up" }])).not.toContain('service="gone"');
  });

  it("renders histogram buckets cumulatively with +Inf, sum and count", () => {
    const h = new Histogram([1, 2]);
    for (const v of [0.5, 1.5, 1.5, 7]) h.observe(v);
    expect(h.lines("x", { s: "a" })).toEqual(['x_bucket{s="a",le="1"} 1', 'x_bucket{s="a",le="2"} 3', 'x_bucket{s="a",le="+Inf"} 4', 'x_sum{s="a"} 10.5', 'x_count{s="a"} 4']);
  });

  it.each([
    ['a"b', 'a\\"b'],
    ["a\\b", "a\\\\b"],
    ["a\nb", "a\\nb"],
  ])("escapes label value %j", (raw, escaped) => {
    expect(escapeLabel(raw)).toBe(escaped);
    const parsed = parse(`# HELP x h\n# TYPE x gauge\nx{service="${escapeLabel(raw)}"} 1\n`);
    expect(parsed[0]?.metrics[0]?.labels?.service).toBe(raw);
  });

  // promtool is the reference linter; CI installs it (Debian package `prometheus`).
  it.skipIf(!hasPromtool() && !process.env.CI)("passes promtool check metrics", () => {
    expect(hasPromtool(), "promtool is missing: apt-get install prometheus").toBe(true);
    const r = promtoolCheck(text);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});
