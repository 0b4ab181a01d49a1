import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { interpolate, type Env } from "@/lib/config/interpolate";
import { expandIssue } from "@/lib/config/messages";
import type { MaintenanceWindow } from "@/lib/config/maintenance-schema";
import type { NotifyConfig } from "@/lib/config/notify-schema";
import { collectSecrets, scrubber } from "@/lib/config/redact";
import { configSchema, DEFAULT_TIMING, type CheckConfig, type DiscoverConfig, type RawConfig, type Timing } from "@/lib/config/schema";
import { formatDuration } from "@/lib/units";
import { graphErrors, type GraphNode } from "@/lib/graph/validate";

/** Environment variables as a plain map (for `${VAR}` substitution). */
export type { Env } from "@/lib/config/interpolate";

/** A service with its timing fully resolved from defaults and overrides. */
export interface ServiceConfig {
  id: string;
  name: string;
  group: string;
  check: CheckConfig;
  dependsOn: { id: string; optional: boolean }[];
  timing: Timing;
  /** Set on a service found by discovery rather than written in the file. */
  discovered?: DiscoveredFrom;
}

/** Where a discovered service came from: its container and, for Compose, its project and service. */
export interface DiscoveredFrom {
  by: "docker";
  container: string;
  project?: string;
  composeService?: string;
}

/** A validated, resolved configuration. */
export interface Config {
  services: ServiceConfig[];
  retention: number;
  /** Notification channels and routes (SPEC §9); optional so older callers build configs without it. */
  notify?: NotifyConfig;
  /** Maintenance windows (SPEC §9). */
  maintenance?: MaintenanceWindow[];
  discover?: DiscoverConfig;
}

/** One config error: where (path and line) and what. */
export interface ConfigIssue {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** Thrown (or returned) when a config is invalid; carries every issue. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly issues: ConfigIssue[]) {
    super(`${source}: ${issues.length} config error${issues.length === 1 ? "" : "s"}\n${issues.map(formatIssue).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `services[3].check.timeout (line 14): expected …` */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? "" : ` (line ${issue.line})`;
  return `${issue.path || "(root)"}${where}: ${issue.message}`;
}

/** Renders a path the way a person writes it: `services[3].check.timeout`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** Finds the line and column of a path in a parsed YAML document. */
export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

/** The position of a path in a parsed document: the deepest part of the path that exists there. */
export function locator(doc: Document, lines: LineCounter): Locate {
  return (path) => {
    // Walk down as far as the path exists, so a missing key points at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0];
      if (offset !== undefined) {
        const pos = lines.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

/** Parses and validates config text (YAML or JSON). Returns the config or every issue found; never throws. */
export function parseConfig(text: string, env: Env = process.env): { config: Config } | { issues: ConfigIssue[] } {
  try {
    return parseUnsafe(text, env);
  } catch (err) {
    // Whatever slipped past the checks below (README "Config bounds") is still an error, not a crash.
    return { issues: [{ path: "", line: 1, message: unexpectedMessage(err) }] };
  }
}

function unexpectedMessage(err: unknown): string {
  if (err instanceof RangeError) return "the file is nested too deeply to read";
  return `the file cannot be read as a config: ${clip(err instanceof Error ? err.message : String(err))}`;
}

/** Cuts an issue message so one huge value cannot flood a log line, banner or API answer. */
function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

const MAX_MESSAGE = 240;

/** Aliases may expand to this many nodes in all; beyond it a file is an alias bomb. */
const MAX_ALIAS_NODES = 10_000;

function toPlain(doc: Document, lines: LineCounter): { value: unknown } | { issue: ConfigIssue } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_NODES }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let offset: number | undefined;
    visit(doc, { Alias: (_k, node) => ((offset = node.range?.[0]), visit.BREAK) });
    const pos = offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
    return { issue: { path: "", line: pos.line, column: pos.col, message: `YAML: aliases expand to more than ${MAX_ALIAS_NODES} nodes` } };
  }
}

function parseUnsafe(text: string, env: Env): { config: Config } | { issues: ConfigIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: "", line: pos.line, column: pos.col, message: clip(`YAML: ${e.message.split("\n")[0] ?? e.message}`) };
      }),
    };
  }
  const root = doc.contents;
  if (root === null) return { issues: [{ path: "", line: 1, message: "the file is empty; write `services: []` to run with no services" }] };
  if (!isMap(root)) {
    return { issues: [{ path: "", line: 1, message: isSeq(root) ? "expected a mapping with services:, got a list" : "expected a mapping with services:" }] };
  }
  const locate = locator(doc, lines);
  const plain = toPlain(doc, lines);
  if ("issue" in plain) return { issues: [plain.issue] };

  const { value: raw, issues: envIssues, substituted } = interpolate(plain.value, env);
  // Values from the environment and the file's own secrets never show in an error text.
  const scrub = scrubber([...collectSecrets(raw), ...[...substituted].filter((v) => v.length >= 3)]);
  const at = (message: string, path: readonly PropertyKey[]): ConfigIssue => ({ path: formatPath(path), message: clip(scrub(message)), ...locate(path) });
  const issues: ConfigIssue[] = envIssues.map((i) => at(i.message, i.path));

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const z of parsed.error.issues) for (const e of expandIssue(z)) issues.push(at(e.message, e.path));
  }
  if (issues.length > 0 || !parsed.success) {
    // Dependency errors are found from the raw ids too, so one pass reports everything.
    for (const g of graphErrors(rawNodes(raw))) issues.push(at(g.message, g.path));
    return { issues: sortIssues(issues) };
  }

  const cfg = parsed.data;
  const services: ServiceConfig[] = cfg.services.map((s) => ({
    id: s.id,
    name: s.name ?? s.id,
    group: s.group ?? "default",
    check: s.check,
    dependsOn: s.dependsOn.map((d) => (typeof d === "string" ? { id: d, optional: false } : { id: d.service, optional: d.optional })),
    timing: {
      ...DEFAULT_TIMING,
      ...definedOnly(cfg.defaults),
      ...definedOnly(s),
      backoff: { ...DEFAULT_TIMING.backoff, ...definedFields(cfg.defaults.backoff), ...definedFields(s.backoff) },
    } as Timing,
  }));
  const resolved = [...timingIssues(cfg, services), ...graphErrors(services)].map((g) => at(g.message, g.path));
  if (resolved.length > 0) return { issues: sortIssues(resolved) };
  return { config: { services, retention: cfg.retention, notify: cfg.notify, maintenance: cfg.maintenance, ...(cfg.discover ? { discover: cfg.discover } : {}) } };
}

/**
 * SPEC §1: a timeout longer than the interval is an error, judged on each service's effective
 * timing wherever the two values come from (the service, `defaults:` or the built-in defaults).
 * The issue sits on the field the service writes (its timeout, else its interval, else the
 * service itself) and names where each value came from.
 */
function timingIssues(cfg: RawConfig, services: ServiceConfig[]): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  services.forEach((s, i) => {
    const { timeout, interval } = s.timing;
    if (timeout <= interval) return;
    const own = cfg.services[i];
    const source = (field: "timeout" | "interval") => (own?.[field] !== undefined ? "" : cfg.defaults[field] !== undefined ? `, from defaults.${field}` : ", the default");
    const path = own?.timeout !== undefined ? ["services", i, "timeout"] : own?.interval !== undefined ? ["services", i, "interval"] : ["services", i];
    out.push({ path, message: `timeout (${formatDuration(timeout)}${source("timeout")}) must not be longer than interval (${formatDuration(interval)}${source("interval")})` });
  });
  return out;
}

const TIMING_KEYS = Object.keys(DEFAULT_TIMING) as (keyof Timing)[];

function definedOnly(o: Partial<Record<keyof Timing, unknown>>): Partial<Timing> {
  const out: Record<string, unknown> = {};
  for (const k of TIMING_KEYS) if (o[k] !== undefined && k !== "backoff") out[k] = o[k];
  return out as Partial<Timing>;
}

/** Ids and dependencies read leniently from an unvalidated config, for graph checks. */
function rawNodes(raw: unknown): GraphNode[] {
  const services = (raw as { services?: unknown }).services;
  if (!Array.isArray(services)) return [];
  return services.map((s: unknown, i) => {
    const o = (s ?? {}) as { id?: unknown; dependsOn?: unknown };
    const deps = Array.isArray(o.dependsOn) ? o.dependsOn : [];
    return {
      id: typeof o.id === "string" ? o.id : `#${i}`,
      dependsOn: deps.map((d: unknown) => (typeof d === "string" ? { id: d, optional: false } : { id: String((d as { service?: unknown })?.service ?? ""), optional: Boolean((d as { optional?: unknown })?.optional) })),
    };
  });
}

function definedFields<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Where the config comes from: `DEPWATCH_CONFIG`, else `./depwatch.yaml` if present, else the demo. */
export function configPath(env: Env = process.env, cwd = process.cwd()): string | undefined {
  if (env.DEPWATCH_CONFIG) return env.DEPWATCH_CONFIG;
  for (const name of ["depwatch.yaml", "depwatch.yml", "depwatch.json"]) {
    const p = `${cwd}/${name}`;
    try {
      readFileSync(/*turbopackIgnore: true*/ p);
      return p;
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

/** Reads and parses a config file; throws ConfigError with every issue. */
export function loadConfigFile(path: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code ?? "error";
    throw new ConfigError(path, [{ path: "", message: `cannot read the config file (${code})` }]);
  }
  const result = parseConfig(text, env);
  if ("issues" in result) throw new ConfigError(path, result.issues);
  return result.config;
}
