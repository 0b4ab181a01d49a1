import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Figure } from "./types";

/** The outcome of one scenario, as printed and stored. */
export interface ScenarioRecord {
  name: string;
  title: string;
  at: string;
  /** The command that produced it (latest.json mixes scenarios of several runs). */
  command: string;
  short: boolean;
  seconds: number;
  /** 1, 5 and 15 minute load averages when the scenario began (other work skews the figures). */
  loadAverage: number[];
  result: "ok" | "failed" | "unavailable";
  error?: string;
  figures: Figure[];
  notes: string[];
}

/** The JSON written under bench/results/. */
export interface ResultsFile {
  at: string;
  command: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; loadAverageAtStart: number[] };
  scenarios: Record<string, ScenarioRecord>;
}

/** The machine the figures come from. */
export function machine(): ResultsFile["machine"] {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function cell(f: Figure): string {
  return typeof f.value === "number" ? `${f.value.toLocaleString("en")}${f.unit ? ` ${f.unit}` : ""}` : `${f.value}${f.unit && f.value !== "unavailable" ? ` ${f.unit}` : ""}`;
}

/** The figures as a markdown table (also readable as plain text in a terminal). */
export function table(records: ScenarioRecord[]): string {
  const rows = [["scenario", "figure", "value", "target", ""]];
  for (const r of records) {
    if (r.result === "failed") rows.push([r.name, "FAILED", r.error?.split("\n")[0] ?? "", "", "✗"]);
    for (const f of r.figures) rows.push([r.name, f.name, cell(f), f.target ?? "", f.ok === undefined ? "" : f.ok ? "ok" : "MISS"]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...(row[i] ?? "")].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/**
 * Writes this run to `<dir>/<timestamp>.json` and merges it into `latest.json` (each scenario keeps
 * its newest figures). A short (smoke) run only replaces `latest-short.json`, so CI leaves no files.
 */
export function writeResults(dir: string, run: ResultsFile, short: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  const text = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;
  if (short) {
    const file = path.join(dir, "latest-short.json");
    writeAtomic(file, text(run));
    return [file];
  }
  const stamped = path.join(dir, `${run.at.replace(/[:.]/g, "-")}.json`);
  writeAtomic(stamped, text(run));
  const latestFile = path.join(dir, "latest.json");
  let latest: ResultsFile = { ...run, scenarios: {} };
  if (existsSync(latestFile)) {
    try {
      latest = JSON.parse(readFileSync(latestFile, "utf8")) as ResultsFile;
    } catch {
      // A damaged latest.json is replaced by this run.
    }
  }
  latest = { ...run, scenarios: { ...latest.scenarios, ...run.scenarios } };
  writeAtomic(latestFile, text(latest));
  return [stamped, latestFile];
}
