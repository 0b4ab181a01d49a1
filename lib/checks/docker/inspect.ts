import { z } from "zod";

const healthSchema = z.object({
  Status: z.string(),
  FailingStreak: z.number().default(0),
  Log: z
    .array(z.object({ ExitCode: z.number().optional(), Output: z.string().default("") }))
    .nullable()
    .default([]),
});

const mountSchema = z.object({
  Type: z.string().default(""),
  Name: z.string().optional(),
  Source: z.string().default(""),
  Destination: z.string(),
  RW: z.boolean().default(true),
});

/** The part of `GET /containers/{id}/json` this check reads; unknown fields are dropped. */
export const inspectSchema = z.object({
  Id: z.string(),
  RestartCount: z.number().default(0),
  State: z.object({
    Status: z.string(),
    Running: z.boolean().default(false),
    OOMKilled: z.boolean().default(false),
    ExitCode: z.number().default(0),
    Error: z.string().default(""),
    Health: healthSchema.nullable().optional(),
  }),
  Mounts: z.array(mountSchema).nullable().default([]),
});

/** A parsed container inspect answer. */
export type ContainerInspect = z.infer<typeof inspectSchema>;

/** One mount as the Engine API reports it. */
export type ContainerMount = z.infer<typeof mountSchema>;

const LAST_LINE_MAX = 200;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The last non-empty line of the newest health log entry, cut short; its exit code when it printed nothing. */
export function lastHealthLine(health: z.infer<typeof healthSchema>): string | undefined {
  const last = health.Log?.at(-1);
  if (!last) return undefined;
  const line = last.Output.split("\n").map((l) => l.trim()).filter((l) => l !== "").at(-1);
  if (line === undefined) return last.ExitCode !== undefined ? `exit code ${last.ExitCode}` : undefined;
  return line.length > LAST_LINE_MAX ? `${line.slice(0, LAST_LINE_MAX)}…` : line;
}

function healthDetail(health: z.infer<typeof healthSchema>): string {
  const last = lastHealthLine(health);
  return `${plural(health.FailingStreak, "failing check")}${last !== undefined ? `, last: ${last}` : ""}`;
}

/** Verdict on the container's state and health: `problem` is set when the check must fail. */
export interface StateVerdict {
  summary: string;
  problem?: string;
}

/**
 * Judges state and health. Running passes unless a healthcheck says `unhealthy` or is still
 * `starting`; every other state fails, with the exit code where the container stopped.
 */
export function judgeState(name: string, c: ContainerInspect, maxRestarts: number | undefined): StateVerdict {
  const s = c.State;
  const restarts = plural(c.RestartCount, "restart");
  const health = s.Health && s.Health.Status !== "none" ? s.Health : undefined;
  let verdict: StateVerdict;
  if (s.Status === "running" && s.Running) {
    if (!health) verdict = { summary: `container ${name} is running (no healthcheck, ${restarts})` };
    else if (health.Status === "healthy") verdict = { summary: `container ${name} is running and healthy (${restarts})` };
    else if (health.Status === "starting") {
      const tried = health.FailingStreak > 0 ? ` (${healthDetail(health)})` : "";
      verdict = { summary: "", problem: `container ${name} is starting: healthcheck has not passed yet${tried}` };
    } else verdict = { summary: "", problem: `container ${name} is ${health.Status}: ${healthDetail(health)}` };
  } else if (s.Status === "restarting") {
    verdict = { summary: "", problem: `container ${name} is restarting (last exit code ${s.ExitCode}, ${restarts})` };
  } else if (s.Status === "exited" || s.Status === "dead") {
    const extra = [s.OOMKilled ? "killed for lack of memory" : "", s.Error].filter((x) => x !== "");
    verdict = { summary: "", problem: `container ${name} is ${s.Status} with exit code ${s.ExitCode}${extra.length ? ` (${extra.join("; ")})` : ""}` };
  } else {
    // created, paused, removing: not serving.
    verdict = { summary: "", problem: `container ${name} is ${s.Status}, not running` };
  }
  if (maxRestarts !== undefined && c.RestartCount > maxRestarts) {
    const over = `container ${name} restarted ${plural(c.RestartCount, "time")}, more than maxRestarts ${maxRestarts}`;
    verdict.problem = verdict.problem ? `${verdict.problem}; ${over}` : over;
  }
  return verdict;
}

/** Verdict for a one-shot job: it passes once it exited with code 0, and fails while it runs or after a failure. */
export function judgeCompleted(name: string, c: ContainerInspect): StateVerdict {
  const s = c.State;
  if (s.Status === "exited" && s.ExitCode === 0) return { summary: `container ${name} completed (exit code 0)` };
  if (s.Status === "exited" || s.Status === "dead") return { summary: "", problem: `container ${name} is ${s.Status} with exit code ${s.ExitCode}` };
  return { summary: "", problem: `container ${name} is ${s.Status}, not completed yet` };
}
