import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LatencyChart } from "@/components/service/latency-chart";
import type { LatencyView } from "@/lib/api/shapes";

const from = Date.parse("2026-01-01T00:00:00Z");
// Six one-minute buckets: empty, empty, then answers of 20 ms, one bucket with some timeouts
// (p95 at the 1 s timeout) and one where most timed out (p50 at the timeout too).
const view = (p: [number | null, number | null][]): LatencyView => ({
  from: new Date(from).toISOString(),
  to: new Date(from + p.length * 60_000).toISOString(),
  points: p.map(([p50, p95], i) => ({ at: new Date(from + i * 60_000).toISOString(), p50, p95, samples: p50 === null ? 0 : 5 })),
  counts: { checks: 15, failed: 3, retries: 0, timeouts: 3 },
});
const render = (data: LatencyView, timeoutMs?: number) => renderToStaticMarkup(createElement(LatencyChart, { data, rangeLabel: "1h", timeoutMs }));

describe("LatencyChart", () => {
  const data = view([[null, null], [null, null], [20, 30], [20, 1000], [1000, 1000], [22, 28]]);

  it("draws timeouts as bands, not as latency, and keeps them out of the scale", () => {
    const html = render(data, 1000);
    expect(html.match(/data-timeout="some"/g)).toHaveLength(1);
    expect(html.match(/data-timeout="most"/g)).toHaveLength(1);
    expect(html).not.toContain("1.00 s");
    expect(html).toContain("2 intervals with timeouts (no answer within 1 s)");
  });

  it("without a known timeout, plots every value as latency", () => {
    const html = render(data);
    expect(html).not.toContain("data-timeout");
    expect(html).toContain("1.00 s");
  });

  it("starts the axis at the first check, so a young service fills the chart", () => {
    const html = render(data, 1000);
    expect(html).toContain("(first check)");
    expect(html).toContain("since the first check in the last 1h");
    // Four buckets remain: the p50 path starts in the first of them (x = 600 / 4 / 2).
    expect(html).toMatch(/d="M75\.0,/);
  });
});
