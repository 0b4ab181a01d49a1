import { z } from "zod";
import { checkTypes } from "@/lib/checks";
import { maintenanceWindow } from "@/lib/config/maintenance-schema";
import { expandIssue } from "@/lib/config/messages";
import { notifySchema } from "@/lib/config/notify-schema";
import { duration, longDuration, quote } from "@/lib/units";

// Fields stay optional here: defaults and overrides merge field by field at resolution.
const backoff = z.strictObject({
  initial: duration.optional(),
  factor: z.number().min(1).max(10).optional(),
  max: duration.optional(),
  jitter: z.number().min(0).max(1).optional(),
});

/** The largest failure or success threshold (README "Config bounds"). */
export const MAX_THRESHOLD = 1000;

/** The shortest retention: the hourly rollups need an hour of raw checks. */
export const MIN_RETENTION_MS = 3_600_000;

/** Timing fields: settable under `defaults:` and overridable per service. */
const timingShape = {
  interval: duration.refine((ms) => ms >= 100, "interval must be at least 100ms"),
  timeout: duration.refine((ms) => ms >= 1, "timeout must be positive"),
  retries: z.number().int().min(0).max(10),
  backoff: backoff,
  failureThreshold: z.number().int().min(1).max(MAX_THRESHOLD),
  successThreshold: z.number().int().min(1).max(MAX_THRESHOLD),
  startPeriod: duration,
  degradedAfter: duration,
};

/** The defaults of README "Configuration", in milliseconds. */
export const DEFAULT_TIMING = {
  interval: 10_000,
  timeout: 2_000,
  retries: 2,
  backoff: { initial: 200, factor: 2, max: 2_000, jitter: 0.2 },
  failureThreshold: 3,
  successThreshold: 1,
  startPeriod: 0,
  degradedAfter: 1_000,
};

/** Fully resolved timing of one service. */
export type Timing = typeof DEFAULT_TIMING;

const timingOverrides = z.strictObject({
  interval: timingShape.interval.optional(),
  timeout: timingShape.timeout.optional(),
  retries: timingShape.retries.optional(),
  backoff: backoff.optional(),
  failureThreshold: timingShape.failureThreshold.optional(),
  successThreshold: timingShape.successThreshold.optional(),
  startPeriod: timingShape.startPeriod.optional(),
  degradedAfter: timingShape.degradedAfter.optional(),
});

/** A validated check block: its type's own schema decides the rest of the fields. */
export type CheckConfig = { type: string } & Record<string, unknown>;

/** The `check:` block: validated by the registered check type named in `type`. */
export const checkSchema = z.looseObject({ type: z.string({ error: "is required" }) }).transform((v, ctx): CheckConfig => {
  const t = checkTypes[v.type];
  if (!t) {
    ctx.addIssue({ code: "custom", path: ["type"], message: `unknown check type ${quote(v.type)}; expected one of ${Object.keys(checkTypes).join(", ")}` });
    return z.NEVER;
  }
  const r = t.schema.safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues) for (const e of expandIssue(issue)) ctx.addIssue({ code: "custom", message: e.message, path: e.path as (string | number)[] });
    return z.NEVER;
  }
  return r.data as CheckConfig;
});

const dependency = z.union([
  z.string().regex(/^[a-z0-9-]+$/, "expected a service id"),
  z.strictObject({ service: z.string().regex(/^[a-z0-9-]+$/, "expected a service id"), optional: z.boolean().default(false) }),
]);

const service = timingOverrides.extend({
  id: z.string({ error: "is required" }).regex(/^[a-z0-9-]+$/, "must use only a-z, 0-9 and -").max(64),
  name: z.string().optional(),
  group: z.string().optional(),
  check: checkSchema,
  dependsOn: z.array(dependency).default([]),
});

/** `discover:`: where services come from besides this file (README.md, "Point depwatch at your Compose project"). */
export const discoverSchema = z.strictObject({
  docker: z
    .strictObject({
      socket: z.string().regex(/^(unix:\/\/)?\/\S+$/, 'expected a socket path like "/var/run/docker.sock" or "unix:///..."').optional(),
      compose: z.boolean().default(true),
      labels: z.boolean().default(true),
    })
    .optional(),
});

/** The validated `discover:` section. */
export type DiscoverConfig = z.output<typeof discoverSchema>;

/** The whole `depwatch.yaml`, as written (before defaults are merged into services). */
export const configSchema = z
  .strictObject({
    defaults: timingOverrides.default({}),
    retention: longDuration.refine((ms) => ms >= MIN_RETENTION_MS, "must be at least 1h").default(30 * 86_400_000),
    services: z.array(service).default([]),
    notify: notifySchema.default({ channels: [], routes: [] }),
    maintenance: z.array(maintenanceWindow).default([]),
    discover: discoverSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.services.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["services", i, "id"], message: `duplicate id "${s.id}" (also services[${first}])` });
      } else seen.set(s.id, i);
    });
    // Routes and maintenance windows may only name services of this file (discovered ones come later).
    const unknown = (ids: readonly string[] | undefined, path: (string | number)[]) =>
      ids?.forEach((id, j) => {
        if (!seen.has(id)) ctx.addIssue({ code: "custom", path: [...path, j], message: `unknown service "${id.slice(0, 64)}"` });
      });
    cfg.notify.routes.forEach((r, i) => unknown(r.services, ["notify", "routes", i, "services"]));
    cfg.maintenance.forEach((w, i) => unknown(w.services, ["maintenance", i, "services"]));
  });

/** The config as parsed from the file. */
export type RawConfig = z.output<typeof configSchema>;
