import { basename, dirname, resolve } from "node:path";
import type { z } from "zod";
import { isMap, LineCounter, parseDocument } from "yaml";
import { expandIssue } from "@/lib/config/messages";
import { formatPath, locator } from "@/lib/config/load";
import { interpolateCompose, type ComposeEnv } from "@/lib/discovery/compose-interpolate";
import { composeSchema, type ComposeFileRaw } from "@/lib/discovery/compose-schema";
import { readService, type ComposeService } from "@/lib/discovery/compose-service";
import { composeProjectName } from "@/lib/discovery/names";
import { graphErrors } from "@/lib/graph/validate";

/** One problem in a Compose file, with its path and line. */
export interface ComposeIssue {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A Compose project as depwatch reads it: its name, services and what could not be carried over. */
export interface ComposeProject {
  name: string;
  services: ComposeService[];
  /** Whole-file remarks (unset variables, unsupported top-level keys), written as comments. */
  notes: string[];
}

/** Where the file is and how to name the project. */
export interface ComposeReadOptions {
  /** The Compose file's path: relative bind sources resolve against its folder, which also names the project by default. */
  file: string;
  projectName?: string;
  env?: ComposeEnv;
}

/** Interpolates every string value (keys are left alone, as Compose does). */
function interpolateTree(value: unknown, path: PropertyKey[], env: ComposeEnv, unset: Set<string>, errors: { path: PropertyKey[]; message: string }[]): unknown {
  if (typeof value === "string") {
    const r = interpolateCompose(value, env);
    for (const u of r.unset) unset.add(u);
    if (r.error !== undefined) errors.push({ path, message: r.error });
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, [...path, i], env, unset, errors));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, [...path, k], env, unset, errors)]));
  }
  return value;
}

/**
 * Reads a Compose file (YAML with anchors and `<<` merge keys, Compose variable interpolation) into
 * the project model `depwatch import compose` writes from; every problem comes back with its line.
 */
export function readComposeFile(text: string, options: ComposeReadOptions): { project: ComposeProject } | { issues: ComposeIssue[] } {
  const env = options.env ?? {};
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => ({ path: "", ...toPos(lines, e.pos[0]), message: `YAML: ${e.message.split("\n")[0] ?? e.message}` })) };
  }
  if (!isMap(doc.contents)) return { issues: [{ path: "", line: 1, message: "expected a Compose file: a mapping with services:" }] };
  const locate = locator(doc, lines);
  const at = (path: readonly PropertyKey[], message: string): ComposeIssue => ({ path: formatPath(path), ...locate(path), message });

  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { issues: [{ path: "", line: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const unset = new Set<string>();
  const interpErrors: { path: PropertyKey[]; message: string }[] = [];
  const raw = interpolateTree(js, [], env, unset, interpErrors);
  // A failed interpolation leaves a hole the schema would complain about too: report the cause alone.
  if (interpErrors.length > 0) return { issues: sortIssues(interpErrors.map((e) => at(e.path, e.message))) };
  const parsed = composeSchema.safeParse(raw);
  const issues: ComposeIssue[] = [];
  if (!parsed.success) for (const issue of parsed.error.issues) for (const b of unionBranch(issue)) for (const e of expandIssue(b)) issues.push(at(e.path, e.message));
  if (!parsed.success || issues.length > 0) return { issues: sortIssues(issues) };

  const file: ComposeFileRaw = parsed.data;
  const dir = dirname(resolve(options.file));
  const name = composeProjectName(options.projectName ?? file.name ?? env.COMPOSE_PROJECT_NAME ?? basename(dir));
  if (name === "") return { issues: [at(file.name !== undefined ? ["name"] : [], "the project name is empty once made lower case and stripped to a-z, 0-9, _ and -: pass --project-name")] };

  const services = Object.entries(file.services).map(([svc, def]) => readService(svc, def ?? {}, { project: name, dir, volumes: file.volumes ?? {} }));
  // Unknown services and cycles, located at the entry that names them.
  for (const g of graphErrors(services.map((s) => ({ id: s.name, dependsOn: s.dependsOn.map((d) => ({ id: d.service, optional: !d.required })) })))) {
    const s = services[g.path[1] as number];
    const d = g.path[3] === undefined ? undefined : s?.dependsOn[g.path[3] as number];
    const path = d?.path ?? ["services", s?.name ?? "", "depends_on"];
    issues.push(at(path, g.message.replace(/^unknown service/, "depends on undefined service")));
  }
  if (issues.length > 0) return { issues: sortIssues(issues) };

  const notes: string[] = [];
  if (unset.size > 0) notes.push(`variables not set, read as empty strings (as Compose does): ${[...unset].sort().join(", ")}`);
  if (file.include !== undefined) notes.push("include: is not followed; import each included file on its own");
  return { project: { name, services, notes } };
}

/**
 * The issues of the union branch that got furthest (a list entry written as a string or a mapping
 * fails in the branch it was meant for), instead of zod's bare "Invalid input". When every branch
 * failed on the value's type, the union's own message stays.
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => (i.code === "invalid_type" && i.path.length === 0 ? -1 : i.path.length)));
  const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
  if (depth(best) < 0) return [issue];
  return best.flatMap((i) => unionBranch({ ...i, path: [...issue.path, ...i.path] }));
}

function toPos(lines: LineCounter, offset: number): { line: number; column: number } {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}

function sortIssues(issues: ComposeIssue[]): ComposeIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
