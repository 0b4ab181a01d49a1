import { Document, type Node } from "yaml";
import type { ComposeProject } from "@/lib/discovery/compose-file";
import type { ComposeDependency, ComposeService } from "@/lib/discovery/compose-service";
import { toServiceId } from "@/lib/discovery/names";

/** What to write besides the docker checks. */
export interface ImportOptions {
  /** Adds a `tcp` check per published port. */
  ports?: boolean;
  /** Profiles to treat as enabled, as `docker compose --profile` does. */
  profiles?: string[];
  /** How the header names the source file. */
  source: string;
}

interface Entry {
  value: Record<string, unknown>;
  notes: string[];
  depNotes: (string | undefined)[];
}

/** A duration written the way a person would ("30s", "1m", "1500ms"), exactly. */
function exactDuration(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function conditionNote(d: ComposeDependency): string | undefined {
  const parts: string[] = [];
  if (d.implied) parts.push(`implied by ${d.implied}`);
  if (d.condition !== "service_started") parts.push(`condition: ${d.condition}`);
  if (!d.required) parts.push("required: false");
  if (d.restart) parts.push("restart: true");
  return parts.length > 0 ? ` ${parts.join(", ")}` : undefined;
}

/** Unique ids for the services, in file order; a clash gets a numbered suffix. */
function assignIds(project: string, services: readonly ComposeService[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const s of services) {
    // The id live discovery gives the same container, so a file and discovery agree on it.
    const base = toServiceId(`${project}-${s.name}`);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
    used.add(id);
    ids.set(s.name, id);
  }
  return ids;
}

function serviceEntry(s: ComposeService, project: string, ids: Map<string, string>, skipped: Map<string, string>, oneShot: boolean): Entry {
  const id = ids.get(s.name) ?? toServiceId(s.name);
  const notes = [...s.notes];
  const base = toServiceId(`${project}-${s.name}`);
  if (id !== base) notes.unshift(`id ${id}: ${base} is taken by another service whose name reads the same`);
  if (s.profiles.length > 0) notes.unshift(`profiles: ${s.profiles.join(", ")}`);
  if (s.healthcheck !== undefined) notes.push(`${s.healthcheck} (the check fails until Docker reports it healthy)`);
  if (oneShot) notes.push("a one-shot job (others wait for service_completed_successfully): passes once it exited with code 0");
  const check: Record<string, unknown> = { type: "docker", container: s.container };
  if (oneShot) check.completed = true;
  if (s.mounts.length > 0) check.mounts = s.mounts;
  const value: Record<string, unknown> = { id, name: s.name, group: project, check };
  if (s.startPeriod !== undefined) value.startPeriod = exactDuration(s.startPeriod);
  const deps: unknown[] = [];
  const depNotes: (string | undefined)[] = [];
  for (const d of s.dependsOn) {
    const to = ids.get(d.service);
    if (to === undefined) {
      notes.push(`depends on ${d.service}, not imported (${skipped.get(d.service) ?? "unknown"}); dependency left out`);
      continue;
    }
    deps.push(d.required ? to : { service: to, optional: true });
    depNotes.push(conditionNote(d));
  }
  if (deps.length > 0) value.dependsOn = deps;
  return { value, notes, depNotes };
}

function portEntries(s: ComposeService, project: string, ids: Map<string, string>, used: Set<string>): Entry[] {
  const base = ids.get(s.name) ?? toServiceId(s.name);
  return s.ports.map((p) => {
    let id = `${base.slice(0, 50)}-port-${p.port}`;
    for (let n = 2; used.has(id); n++) id = `${base.slice(0, 46)}-port-${p.port}-${n}`;
    used.add(id);
    return {
      value: { id, name: `${s.name} port ${p.port}`, group: project, check: { type: "tcp", url: `tcp://${p.host}:${p.port}` }, dependsOn: [base] },
      notes: [`published by ${s.name}, forwarded to container port ${p.target}`],
      depNotes: [undefined],
    };
  });
}

function comment(lines: readonly string[]): string {
  return lines.map((l) => ` ${l}`).join("\n");
}

/**
 * Writes a Compose project as a depwatch config (YAML text): a docker check per service,
 * `depends_on` as `dependsOn`, volumes as mount expectations, optionally a tcp check per
 * published port; what does not carry over is written as a comment where it applies.
 */
export function composeToConfig(project: ComposeProject, options: ImportOptions): string {
  const enabled = new Set(options.profiles ?? []);
  const active = project.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => enabled.has(p)));
  const skipped = new Map(project.services.filter((s) => !active.includes(s)).map((s) => [s.name, `profile ${s.profiles.join(", ")} not enabled`]));
  const ids = assignIds(project.name, active);
  const oneShots = new Set(active.flatMap((s) => s.dependsOn.filter((d) => d.condition === "service_completed_successfully").map((d) => d.service)));
  const entries = active.map((s) => serviceEntry(s, project.name, ids, skipped, oneShots.has(s.name)));
  if (options.ports) {
    const used = new Set(ids.values());
    for (const s of active) entries.push(...portEntries(s, project.name, ids, used));
  }

  const header = [
    `depwatch config for the Compose project "${project.name}", imported from ${options.source}.`,
    "Each service is a docker check on the container Compose names; depends_on is dependsOn.",
    "Ids are project-service, as live discovery (discover: docker) names the same containers.",
    ...project.notes,
    ...[...skipped].map(([name, why]) => `not imported: ${name} (${why}; pass --profile to include it)`),
  ];
  const doc = new Document({ services: entries.map((e) => e.value) });
  doc.commentBefore = comment(header);
  entries.forEach((e, i) => {
    const node = doc.getIn(["services", i], true) as Node;
    if (e.notes.length > 0) node.commentBefore = comment(e.notes);
    e.depNotes.forEach((note, j) => {
      const dep = doc.getIn(["services", i, "dependsOn", j], true) as Node | undefined;
      if (dep && note !== undefined) {
        if (typeof (dep as { value?: unknown }).value === "string") dep.comment = note;
        else dep.commentBefore = note;
      }
    });
  });
  return doc.toString({ lineWidth: 0 });
}
