import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { parseDuration } from "@/lib/units";
import type { MountExpectation } from "@/lib/checks/docker/mounts";
import { readPorts, type PublishedPort } from "@/lib/discovery/compose-ports";
import type { ComposeCondition, ComposeFileRaw, ComposeServiceRaw } from "@/lib/discovery/compose-schema";
import { composeContainerName, composeVolumeName } from "@/lib/discovery/names";

/** One edge of the Compose graph, from `depends_on` or implied by `links`, `volumes_from` or `network_mode: service:`. */
export interface ComposeDependency {
  service: string;
  condition: ComposeCondition;
  required: boolean;
  restart: boolean;
  /** The key that made the edge when it is not `depends_on`. */
  implied?: "links" | "volumes_from" | "network_mode";
  /** Where the edge is written, for error lines. */
  path: (string | number)[];
}

/** One Compose service, reduced to what a depwatch check needs. */
export interface ComposeService {
  name: string;
  container: string;
  dependsOn: ComposeDependency[];
  mounts: MountExpectation[];
  ports: PublishedPort[];
  profiles: string[];
  /** The healthcheck's start_period, in ms, when one is set. */
  startPeriod?: number;
  healthcheck?: string;
  /** What could not be carried over, written as comments next to the service. */
  notes: string[];
}

interface Context {
  project: string;
  dir: string;
  volumes: NonNullable<ComposeFileRaw["volumes"]>;
}

function dependencies(name: string, s: ComposeServiceRaw, notes: string[]): ComposeDependency[] {
  const base = ["services", name];
  const out: ComposeDependency[] = [];
  const add = (d: ComposeDependency) => {
    if (!out.some((o) => o.service === d.service)) out.push(d);
  };
  if (Array.isArray(s.depends_on)) {
    s.depends_on.forEach((dep, i) => add({ service: dep, condition: "service_started", required: true, restart: false, path: [...base, "depends_on", i] }));
  } else if (s.depends_on) {
    for (const [dep, opts] of Object.entries(s.depends_on)) {
      add({ service: dep, condition: opts?.condition ?? "service_started", required: opts?.required ?? true, restart: opts?.restart ?? false, path: [...base, "depends_on", dep] });
    }
  }
  s.links?.forEach((link, i) => add({ service: link.split(":")[0] ?? link, condition: "service_started", required: true, restart: false, implied: "links", path: [...base, "links", i] }));
  s.volumes_from?.forEach((from, i) => {
    if (from.startsWith("container:")) notes.push(`volumes_from ${from}: a container outside the project, not a dependency`);
    else add({ service: from.split(":")[0] ?? from, condition: "service_started", required: true, restart: false, implied: "volumes_from", path: [...base, "volumes_from", i] });
  });
  const mode = s.network_mode;
  if (mode?.startsWith("service:")) add({ service: mode.slice("service:".length), condition: "service_started", required: true, restart: false, implied: "network_mode", path: [...base, "network_mode"] });
  else if (mode?.startsWith("container:")) notes.push(`network_mode ${mode}: a container outside the project, not a dependency`);
  return out;
}

function volumeName(ctx: Context, volume: string, notes: string[]): string {
  const top = ctx.volumes[volume];
  if (top === undefined) notes.push(`volume ${volume} is not declared under the top-level volumes:; assumed to be the project's`);
  if (top?.name !== undefined) return top.name;
  const external = top?.external;
  if (typeof external === "object" && external.name !== undefined) return external.name;
  if (external === true || typeof external === "object") return volume;
  return composeVolumeName(ctx.project, volume);
}

function bindSource(ctx: Context, source: string, notes: string[]): string {
  if (source === "~" || source.startsWith("~/")) {
    notes.push(`bind source ${source}: "~" read as ${homedir()}, the home folder of whoever ran the import`);
    return resolve(homedir(), source.slice(2));
  }
  return isAbsolute(source) ? source : resolve(ctx.dir, source);
}

function mounts(s: ComposeServiceRaw, ctx: Context, notes: string[]): MountExpectation[] {
  const out: MountExpectation[] = [];
  for (const v of s.volumes ?? []) {
    let type: string, source: string | undefined, target: string, readOnly: boolean;
    if (typeof v === "string") {
      const parts = v.split(":");
      if (parts.length === 1) [type, source, target, readOnly] = ["volume", undefined, parts[0] ?? "", false];
      else {
        source = parts[0] ?? "";
        target = parts[1] ?? "";
        readOnly = (parts[2] ?? "").split(",").includes("ro");
        type = /^[./~]/.test(source) ? "bind" : "volume";
      }
    } else [type, source, target, readOnly] = [v.type, v.source, v.target, v.read_only ?? false];
    if (!target.startsWith("/")) {
      notes.push(`volume ${typeof v === "string" ? v : target}: the target is not an absolute path; not checked`);
      continue;
    }
    if (type === "volume") out.push(source ? { destination: target, volume: volumeName(ctx, source, notes), rw: !readOnly } : { destination: target, rw: !readOnly });
    else if (type === "bind" && source) out.push({ destination: target, source: bindSource(ctx, source, notes), rw: !readOnly });
    else if (type === "tmpfs") out.push({ destination: target });
    else notes.push(`volume of type ${type} at ${target}: not checked`);
  }
  return out;
}

function healthcheck(s: ComposeServiceRaw, notes: string[]): { startPeriod?: number; summary?: string } {
  const h = s.healthcheck;
  if (!h) return {};
  const test = Array.isArray(h.test) ? h.test : h.test === undefined ? [] : ["CMD-SHELL", h.test];
  if (h.disable === true || test[0] === "NONE") {
    notes.push("healthcheck disabled: the check passes once the container runs");
    return {};
  }
  const startPeriod = h.start_period === undefined ? undefined : parseDuration(h.start_period);
  if (h.start_period !== undefined && startPeriod === undefined) notes.push(`healthcheck start_period ${h.start_period}: not a duration depwatch reads; startPeriod left at its default`);
  const cmd = test.slice(test[0] === "CMD" || test[0] === "CMD-SHELL" ? 1 : 0).join(" ");
  const every = h.interval !== undefined ? ` every ${h.interval}` : "";
  return { startPeriod, summary: `healthcheck${every}${cmd ? `: ${cmd.length > 60 ? `${cmd.slice(0, 60)}…` : cmd}` : ""}` };
}

/** Reads one service definition; whatever it cannot carry over becomes a note. */
export function readService(name: string, s: ComposeServiceRaw, ctx: Context): ComposeService {
  const notes: string[] = [];
  if (s.extends !== undefined) notes.push("extends: is not followed; only the keys written here are imported");
  const replicas = s.deploy?.replicas ?? s.scale;
  if (replicas !== undefined && replicas !== 1) notes.push(replicas === 0 ? "scaled to 0 replicas: Compose starts no container, so this check fails until one runs" : `${replicas} replicas: only replica 1 (${composeContainerName(ctx.project, name)}) is checked`);
  const hc = healthcheck(s, notes);
  const svc: ComposeService = {
    name,
    container: s.container_name ?? composeContainerName(ctx.project, name),
    dependsOn: dependencies(name, s, notes),
    mounts: mounts(s, ctx, notes),
    ports: readPorts(s, notes),
    profiles: s.profiles ?? [],
    notes,
  };
  if (hc.startPeriod !== undefined) svc.startPeriod = hc.startPeriod;
  if (hc.summary !== undefined) svc.healthcheck = hc.summary;
  return svc;
}
