import { checkSchema, DEFAULT_TIMING, type CheckConfig } from "@/lib/config/schema";
import type { ServiceConfig } from "@/lib/config/load";
import type { ContainerSummary } from "@/lib/discovery/docker-watch";
import { toServiceId } from "@/lib/discovery/names";

/** The labels Compose v2 writes on every container it creates. */
export const COMPOSE_LABELS = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  dependsOn: "com.docker.compose.depends_on",
  oneoff: "com.docker.compose.oneoff",
} as const;

/** What to discover, from `discover: { docker: … }`. */
export interface ContainerRules {
  socket?: string;
  compose: boolean;
  labels: boolean;
}

/** A service made from a container, before it is merged with the file config. */
export interface FoundService {
  service: ServiceConfig;
  /** Why a label could not be used, for the log. */
  problems: string[];
}

interface Candidate {
  c: ContainerSummary;
  name: string;
  labels: Record<string, string>;
  project?: string;
  composeService?: string;
  replica: number;
}

const list = (v: string | undefined) => (v ?? "").split(",").map((x) => x.trim()).filter((x) => x !== "");

/** `svc:condition:restart,…` as Compose v2 writes it in com.docker.compose.depends_on. */
export function parseComposeDependsOn(value: string | undefined): { service: string; condition: string }[] {
  return list(value).map((entry) => {
    const [service = "", condition = "service_started"] = entry.split(":");
    return { service, condition };
  });
}

function candidates(containers: readonly ContainerSummary[], rules: ContainerRules): Candidate[] {
  const out: Candidate[] = [];
  for (const c of containers) {
    const labels = c.Labels ?? {};
    if (labels["depwatch.enable"] === "false") continue;
    const project = labels[COMPOSE_LABELS.project];
    const composeService = labels[COMPOSE_LABELS.service];
    const isCompose = project !== undefined && composeService !== undefined && labels[COMPOSE_LABELS.oneoff] !== "True";
    const hasLabels = Object.keys(labels).some((k) => k.startsWith("depwatch."));
    if (!((rules.compose && isCompose) || (rules.labels && hasLabels))) continue;
    const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
    out.push({ c, name, labels, project: isCompose ? project : undefined, composeService: isCompose ? composeService : undefined, replica: Number(labels[COMPOSE_LABELS.number] ?? 1) || 1 });
  }
  // Replica 1 first, then by name: ids and "who wins a clash" do not depend on the list's order.
  return out.sort((a, b) => a.replica - b.replica || a.name.localeCompare(b.name));
}

function idOf(k: Candidate): string {
  const explicit = k.labels["depwatch.id"];
  if (explicit !== undefined) return toServiceId(explicit);
  if (k.project !== undefined && k.composeService !== undefined) return toServiceId(`${k.project}-${k.composeService}${k.replica > 1 ? `-${k.replica}` : ""}`);
  return toServiceId(k.name);
}

function checkOf(k: Candidate, rules: ContainerRules, completed: boolean, problems: string[]): CheckConfig {
  const docker: CheckConfig = { type: "docker", container: k.name, mounts: [], ...(rules.socket ? { socket: rules.socket } : {}), ...(completed ? { completed: true } : {}) };
  const type = k.labels["depwatch.check"];
  if (type === undefined || type === "docker") return docker;
  const parsed = checkSchema.safeParse({ type, ...(k.labels["depwatch.url"] !== undefined ? { url: k.labels["depwatch.url"] } : {}) });
  if (parsed.success) return parsed.data;
  problems.push(`labels depwatch.check=${type} / depwatch.url do not make a valid check (${parsed.error.issues[0]?.message ?? "invalid"}); checking the container instead`);
  return docker;
}

/**
 * Turns the daemon's containers into services: Compose containers (grouped by project, their
 * graph from com.docker.compose.depends_on) and containers with `depwatch.*` labels;
 * `homepage.name` and `homepage.group` stand in when `depwatch.name` and `depwatch.group` are absent.
 */
export function servicesFromContainers(containers: readonly ContainerSummary[], rules: ContainerRules): FoundService[] {
  const found = candidates(containers, rules);
  // Compose dependencies name services: resolve each to its lowest replica's id.
  const byComposeService = new Map<string, string>();
  for (const k of found) if (k.project !== undefined) if (!byComposeService.has(`${k.project}/${k.composeService}`)) byComposeService.set(`${k.project}/${k.composeService}`, idOf(k));
  const oneShots = new Set<string>();
  for (const k of found) for (const d of parseComposeDependsOn(k.labels[COMPOSE_LABELS.dependsOn])) if (d.condition === "service_completed_successfully") oneShots.add(`${k.project}/${d.service}`);

  return found.map((k) => {
    const problems: string[] = [];
    const id = idOf(k);
    const dependsOn: { id: string; optional: boolean }[] = [];
    const add = (dep: string, optional: boolean) => {
      if (dep !== id && !dependsOn.some((d) => d.id === dep)) dependsOn.push({ id: dep, optional });
    };
    if (k.project !== undefined) {
      for (const d of parseComposeDependsOn(k.labels[COMPOSE_LABELS.dependsOn])) {
        const dep = byComposeService.get(`${k.project}/${d.service}`);
        if (dep !== undefined) add(dep, false);
        else problems.push(`depends on Compose service ${d.service}, which has no container`);
      }
    }
    for (const dep of list(k.labels["depwatch.depends-on"])) add(toServiceId(dep), false);
    for (const dep of list(k.labels["depwatch.optional"])) add(toServiceId(dep), true);
    const docker = k.labels["depwatch.check"] === undefined || k.labels["depwatch.check"] === "docker";
    const service: ServiceConfig = {
      id,
      name: k.labels["depwatch.name"] ?? k.labels["homepage.name"] ?? k.composeService ?? k.name,
      group: k.labels["depwatch.group"] ?? k.labels["homepage.group"] ?? k.project ?? "discovered",
      check: checkOf(k, rules, k.project !== undefined && oneShots.has(`${k.project}/${k.composeService}`), problems),
      dependsOn,
      // The daemon's word on a container is final: no retries inside a check, down at the first failure.
      timing: { ...DEFAULT_TIMING, backoff: { ...DEFAULT_TIMING.backoff }, ...(docker ? { retries: 0, failureThreshold: 1 } : {}) },
      discovered: { by: "docker", container: k.name, ...(k.project !== undefined ? { project: k.project, composeService: k.composeService } : {}) },
    };
    return { service, problems };
  });
}
