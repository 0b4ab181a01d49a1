import type { ComposeServiceRaw } from "@/lib/discovery/compose-schema";

/** A port Compose publishes on the host, reachable with a `tcp` check. */
export interface PublishedPort {
  host: string;
  port: number;
  /** The container port it forwards to, for the comment. */
  target: string;
}

const MAX_RANGE = 10;

/** The address to probe: a wildcard bind is reached on loopback. */
function probeHost(ip: string | undefined): string {
  const bare = (ip ?? "").replace(/^\[|\]$/g, "");
  if (bare === "" || bare === "0.0.0.0" || bare === "::") return "127.0.0.1";
  return bare.includes(":") ? `[${bare}]` : bare;
}

function range(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || to < from) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Splits `[[ip:]host:]container[/protocol]`, an IPv6 ip in brackets. */
function splitShort(spec: string): { ip?: string; published?: string; target: string; protocol: string } {
  const [body = "", protocol = "tcp"] = spec.split("/");
  let ip: string | undefined;
  let rest = body;
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(body);
  if (v6) [ip, rest] = [v6[1], v6[2] ?? ""];
  const parts = rest.split(":");
  if (parts.length === 1) return { ip, target: parts[0] ?? "", protocol };
  if (parts.length === 2) return { ip, published: parts[0], target: parts[1] ?? "", protocol };
  return { ip: parts.slice(0, -2).join(":"), published: parts.at(-2), target: parts.at(-1) ?? "", protocol };
}

/**
 * The host ports a service publishes, for `--ports`. UDP ports, ports left to a random host port,
 * wide ranges and `network_mode: host` (Compose ignores ports there) become notes instead.
 */
export function readPorts(s: ComposeServiceRaw, notes: string[]): PublishedPort[] {
  const out: PublishedPort[] = [];
  if (s.network_mode === "host" && (s.ports ?? []).length > 0) {
    notes.push("network_mode host: Compose ignores ports:, so none are checked");
    return out;
  }
  for (const p of s.ports ?? []) {
    const spec = typeof p === "string" ? splitShort(p) : typeof p === "number" ? { target: String(p), protocol: "tcp" } : { ip: p.host_ip, published: p.published === undefined ? undefined : String(p.published), target: String(p.target), protocol: p.protocol ?? "tcp" };
    const label = typeof p === "object" ? `${spec.published ?? ""}:${spec.target}` : String(p);
    if (spec.protocol !== "tcp") {
      notes.push(`port ${label}: ${spec.protocol}, not checked (tcp checks only)`);
      continue;
    }
    if (spec.published === undefined || spec.published === "") {
      notes.push(`port ${label}: published on a random host port, not checked`);
      continue;
    }
    const ports = range(spec.published);
    if (ports === undefined) notes.push(`port ${label}: not a port or port range, not checked`);
    else if (ports.length > MAX_RANGE) notes.push(`port ${label}: a range of ${ports.length} ports, not checked (at most ${MAX_RANGE})`);
    else for (const port of ports) out.push({ host: probeHost(spec.ip), port, target: spec.target });
  }
  return out;
}
