/** Escapes a label value for the Prometheus text format (backslash, double quote, newline). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Renders a label set as `{a="1",b="2"}` (empty string for no labels). */
export function labels(set: Record<string, string>): string {
  const parts = Object.entries(set).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** A sample value as the text format writes it (`+Inf`, `NaN`, plain decimals otherwise). */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

/** The `# HELP` and `# TYPE` lines that open one metric family. */
export function header(name: string, type: "counter" | "gauge" | "histogram", help: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`, `# TYPE ${name} ${type}`];
}

/** A cumulative histogram over fixed upper bounds (in the unit it is observed in). */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }

  /** Adds one observation. */
  observe(value: number): void {
    this.sum += value;
    this.count++;
    // Stored per bucket (not cumulative) so an observation costs one increment.
    const i = this.bounds.findIndex((b) => value <= b);
    if (i >= 0) this.counts[i]!++;
  }

  /** The `_bucket`, `_sum` and `_count` sample lines under `name`, with extra labels. */
  lines(name: string, extra: Record<string, string> = {}): string[] {
    // Built once per call rather than per bucket: a scrape renders thousands of these.
    const inner = Object.entries(extra).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
    const bucketPrefix = `${name}_bucket{${inner ? `${inner},` : ""}le="`;
    const plain = inner ? `{${inner}}` : "";
    const out: string[] = [];
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i]!;
      out.push(`${bucketPrefix}${formatValue(this.bounds[i]!)}"} ${cumulative}`);
    }
    out.push(`${bucketPrefix}+Inf"} ${this.count}`);
    out.push(`${name}_sum${plain} ${formatValue(this.sum)}`);
    out.push(`${name}_count${plain} ${this.count}`);
    return out;
  }
}
