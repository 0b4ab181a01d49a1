/**
 * `npm run bench [-- <scenario>…] [-- --short]`: measures the quality targets against
 * simulated targets on 127.0.0.1, prints a table and writes it to bench/results/. `--short` (or
 * BENCH_SHORT=1) is the smoke run: small sizes, all scenarios in under a minute, figures not
 * asserted; any scenario that fails makes the run exit 1.
 */
import os from "node:os";
import path from "node:path";
import { distDir, ensureBuild } from "./lib/dashboard";
import { machine, table, writeResults, type ResultsFile, type ScenarioRecord } from "./lib/report";
import type { Scenario } from "./lib/types";
import { api } from "./scenarios/api";
import { cluster } from "./scenarios/cluster";
import { coldStart } from "./scenarios/cold-start";
import { discovery } from "./scenarios/discovery";
import { history } from "./scenarios/history";
import { pgHistory } from "./scenarios/history-postgres";
import { isolation } from "./scenarios/isolation";
import { load } from "./scenarios/load";
import { overhead } from "./scenarios/overhead";
import { page } from "./scenarios/page";
import { push } from "./scenarios/push";
import { scale } from "./scenarios/scale";
import { uptime } from "./scenarios/uptime";

const SCENARIOS: Scenario[] = [scale, overhead, isolation, load, push, api, history, pgHistory, cluster, coldStart, page, discovery, uptime];

function usage(): string {
  return `usage: npm run bench -- [--short] [${SCENARIOS.map((s) => s.name).join("|")} …]\n${SCENARIOS.map((s) => `  ${s.name.padEnd(11)} ${s.title}`).join("\n")}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    return 0;
  }
  const short = args.includes("--short") || process.env.BENCH_SHORT === "1";
  const names = args.filter((a) => !a.startsWith("-"));
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(", ")}\n${usage()}`);
    return 2;
  }
  const chosen = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const log = (line: string) => console.log(`[bench] ${line}`);
  if (chosen.some((s) => s.needsBuild !== false)) ensureBuild(log);
  // The knobs that change what is measured are part of the command on record.
  const knobs = ["DEPWATCH_DIST_DIR", "DEPWATCH_PROBE_THREAD", "BENCH_NODE_ARGS", "BENCH_CPU_PROF"].flatMap((k) => (process.env[k] ? [`${k}=${JSON.stringify(process.env[k])}`] : []));
  const command = [...knobs, "npm run bench", ...(args.length ? ["--", ...args] : [])].join(" ");
  const run: ResultsFile = { at: new Date().toISOString(), command, machine: machine(), scenarios: {} };
  log(`${short ? "short (smoke) run" : "full run"}: ${chosen.map((s) => s.name).join(", ")}; build ${distDir()}; ${run.machine.cpus} CPUs, load ${run.machine.loadAverageAtStart.join(" ")}`);
  const started = performance.now();
  const records: ScenarioRecord[] = [];
  for (const s of chosen) {
    const t = performance.now();
    const record: ScenarioRecord = { name: s.name, title: s.title, at: new Date().toISOString(), command, short, seconds: 0, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), result: "ok", figures: [], notes: [] };
    try {
      const out = await s.run({ short, log });
      record.figures = out.figures;
      record.notes = out.notes;
      if (out.unavailable) record.result = "unavailable";
    } catch (err) {
      record.result = "failed";
      record.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    }
    record.seconds = Math.round((performance.now() - t) / 100) / 10;
    log(`${s.name}: ${record.result} in ${record.seconds} s`);
    records.push(record);
    run.scenarios[s.name] = record;
  }
  const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  console.log(`\n${table(records)}\n`);
  for (const r of records) for (const n of r.notes) console.log(`- ${r.name}: ${n}`);
  const files = writeResults(path.join(import.meta.dirname, "results"), run, short);
  console.log(`\n${chosen.length} scenario(s) in ${totalSeconds} s; written to ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  const failed = records.filter((r) => r.result === "failed");
  for (const r of failed) console.error(`\nscenario ${r.name} FAILED:\n${r.error}`);
  if (failed.length > 0) {
    console.error(`\nbench: ${failed.length} scenario(s) failed: ${failed.map((r) => r.name).join(", ")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("bench: could not run:", err);
    process.exit(1);
  },
);
