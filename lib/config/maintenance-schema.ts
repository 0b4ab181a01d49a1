import { Cron } from "croner";
import { z } from "zod";
import { duration } from "@/lib/units";

const instant = z.string().transform((v, ctx) => {
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t)) {
    ctx.addIssue({ code: "custom", message: `expected an ISO 8601 time like "2026-12-24T22:00:00Z", got ${JSON.stringify(v.slice(0, 80))}` });
    return z.NEVER;
  }
  return t;
});

const cron = z.string().refine((v) => {
  try {
    new Cron(v, { paused: true });
    return true;
  } catch {
    return false;
  }
}, 'expected a cron expression like "0 3 * * SUN"');

/** One maintenance window (SPEC §9): one-off (`start`, `end`) or recurring (`cron`, `duration`). */
export const maintenanceWindow = z
  .strictObject({
    services: z.array(z.string()).optional(),
    groups: z.array(z.string()).optional(),
    start: instant.optional(),
    end: instant.optional(),
    cron: cron.optional(),
    duration: duration.optional(),
    timezone: z.string().optional(),
    reason: z.string().max(200).optional(),
  })
  .superRefine((w, ctx) => {
    if (!w.services?.length && !w.groups?.length) ctx.addIssue({ code: "custom", message: "name the services or groups it covers" });
    const oneOff = w.start !== undefined || w.end !== undefined;
    if (oneOff && w.cron !== undefined) ctx.addIssue({ code: "custom", message: "use either start/end or cron/duration, not both" });
    else if (oneOff) {
      if (w.start === undefined || w.end === undefined) ctx.addIssue({ code: "custom", message: "a one-off window needs both start and end" });
      else if (w.end <= w.start) ctx.addIssue({ code: "custom", path: ["end"], message: "end must be after start" });
    } else if (w.cron === undefined) ctx.addIssue({ code: "custom", message: "expected start/end or cron/duration" });
    else if (!w.duration) ctx.addIssue({ code: "custom", path: ["duration"], message: "a cron window needs a duration" });
  });

/** A validated maintenance window. */
export type MaintenanceWindow = z.output<typeof maintenanceWindow>;
