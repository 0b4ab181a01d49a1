import { z } from "zod";
import { classifyError, describeError, errorCode } from "@/lib/checks/classify";
import { DockerEngine, dockerSocketPath, engineMessage, type EngineResponse } from "@/lib/checks/docker/engine";
import { inspectSchema, judgeCompleted, judgeState } from "@/lib/checks/docker/inspect";
import { judgeMounts } from "@/lib/checks/docker/mounts";
import type { CheckType } from "@/lib/checks/types";
import type { ProbeResult } from "@/lib/model";

const mountSchema = z.strictObject({
  destination: z.string().startsWith("/", "expected an absolute path inside the container"),
  source: z.string().min(1).optional(),
  volume: z.string().min(1).optional(),
  rw: z.boolean().optional(),
});

const schema = z.strictObject({
  type: z.literal("docker"),
  // Docker names and ids; the pattern also keeps the value a single URL path segment.
  container: z.string().regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "expected a container name or id"),
  socket: z.string().regex(/^(unix:\/\/)?\/\S+$/, 'expected a socket path like "/var/run/docker.sock" or "unix:///..."').optional(),
  mounts: z.array(mountSchema).default([]),
  maxRestarts: z.number().int().min(0).max(1_000_000).optional(),
  // A one-shot job (Compose's service_completed_successfully): passes once it exited with code 0.
  completed: z.boolean().optional(),
});

type DockerConfig = z.infer<typeof schema>;

const CODE_HINTS: Record<string, string> = {
  ENOENT: "no such socket",
  ECONNREFUSED: "nothing listens on the socket",
  EACCES: "permission denied",
  ENOTSOCK: "not a socket",
};

/** A transport failure, with the socket named; the outcome comes from the error code. */
function unreachable(err: unknown, signal: AbortSignal, socket: string, connected: boolean): ProbeResult {
  const r = classifyError(err, signal, connected ? "request" : "connect");
  if (r.outcome === "timeout") return r;
  const code = errorCode(err);
  const hint = code !== undefined ? CODE_HINTS[code] : undefined;
  r.message = `cannot reach Docker at ${socket}: ${hint !== undefined ? `${hint} (${code})` : describeError(err)}`;
  return r;
}

function unexpectedStatus(res: EngineResponse, what: string): ProbeResult {
  const detail = engineMessage(res.body);
  return { outcome: "status", phase: "response", message: `Docker answered HTTP ${res.status} to ${what}${detail ? `: ${detail}` : ""}` };
}

async function inspect(engine: DockerEngine, config: DockerConfig): Promise<ProbeResult> {
  const name = config.container.replace(/^\//, "");
  await engine.negotiate();
  const res = await engine.get(`/containers/${encodeURIComponent(name)}/json`);
  // A missing container is the daemon's answer about the target, not a transport fault.
  if (res.status === 404) return { outcome: "assertion", phase: "response", message: `container ${name} not found` };
  if (res.status !== 200) return unexpectedStatus(res, `inspect of container ${name}`);
  const parsed = inspectSchema.safeParse(res.body);
  if (!parsed.success) return { outcome: "error", phase: "response", message: `Docker answered the inspect of container ${name} with an unexpected body` };

  const state = config.completed === true ? judgeCompleted(name, parsed.data) : judgeState(name, parsed.data, config.maxRestarts);
  const mounts = judgeMounts(config.mounts, parsed.data.Mounts ?? []);
  for (const v of mounts.volumes) {
    const vol = await engine.get(`/volumes/${encodeURIComponent(v.name)}`);
    if (vol.status === 404) mounts.problems.push(`volume ${v.name} of mount ${v.destination} is gone`);
    else if (vol.status !== 200) return unexpectedStatus(vol, `the lookup of volume ${v.name}`);
  }
  const problems = [...(state.problem !== undefined ? [state.problem] : []), ...mounts.problems];
  if (problems.length > 0) return { outcome: "assertion", phase: "response", message: problems.join("; ") };
  const n = config.mounts.length;
  return { outcome: "ok", message: n > 0 ? `${state.summary}; ${n} mount${n === 1 ? "" : "s"} as expected` : state.summary };
}

/** Docker container: running, healthy where it has a healthcheck, restart count and mounts, via the Engine API. */
export const dockerCheck: CheckType<DockerConfig> = {
  type: "docker",
  schema,
  target: (c) => (c.socket !== undefined ? `${c.container} @ ${dockerSocketPath(c.socket)}` : c.container),
  async probe(config, { signal }) {
    const socket = dockerSocketPath(config.socket);
    const engine = new DockerEngine(socket, signal);
    try {
      return await inspect(engine, config);
    } catch (err) {
      return unreachable(err, signal, socket, engine.connected);
    } finally {
      engine.destroy();
    }
  },
};
