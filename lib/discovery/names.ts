/** Naming rules shared by `depwatch import compose` and live discovery (README.md, "Point depwatch at your Compose project"). */

/** Compose's project name rule: lower case, only a-z, 0-9, `_` and `-`, starting with a letter or digit. */
export function composeProjectName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, "").replace(/^[^a-z0-9]+/, "");
}

/** The name Compose v2 gives a service's container: `project-service-1`. */
export function composeContainerName(project: string, service: string, replica = 1): string {
  return `${project}-${service}-${replica}`;
}

/** The name Compose gives a project's named volume: `project_volume`. */
export function composeVolumeName(project: string, volume: string): string {
  return `${project}_${volume}`;
}

/** A depwatch service id (a-z, 0-9 and -, at most 64 characters) made from any name. */
export function toServiceId(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
  return id === "" ? "service" : id;
}
