import { z } from "zod";

/** The three `depends_on` conditions of the Compose specification. */
export const CONDITIONS = ["service_started", "service_healthy", "service_completed_successfully"] as const;

/** A `depends_on` condition. */
export type ComposeCondition = (typeof CONDITIONS)[number];

const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const int = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, "expected a whole number").transform(Number)]);

const dependsOnLong = z.looseObject({
  condition: z.enum(CONDITIONS).default("service_started"),
  required: bool.default(true),
  restart: bool.default(false),
});

const volumeLong = z.looseObject({
  type: z.enum(["volume", "bind", "tmpfs", "npipe", "cluster", "image"], { error: 'expected one of "volume", "bind", "tmpfs", "npipe", "cluster", "image"' }),
  source: z.string().optional(),
  target: z.string({ error: "is required" }).min(1, "is required"),
  read_only: bool.optional(),
});

const portLong = z.looseObject({
  target: z.union([z.number(), z.string()]),
  published: z.union([z.number(), z.string()]).optional(),
  host_ip: z.string().optional(),
  protocol: z.string().optional(),
});

const healthcheck = z.looseObject({
  test: z.union([z.string(), z.array(z.string())]).optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  start_period: z.string().optional(),
  retries: int.optional(),
  disable: bool.optional(),
});

const serviceSchema = z.looseObject({
  container_name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "expected a container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)").optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), dependsOnLong.nullable())], { error: "expected a list of service names or a mapping of service to { condition, required, restart }" }).optional(),
  links: z.array(z.string()).optional(),
  volumes_from: z.array(z.string()).optional(),
  network_mode: z.string().optional(),
  volumes: z.array(z.union([z.string(), volumeLong])).optional(),
  ports: z.array(z.union([z.string(), z.number(), portLong])).optional(),
  healthcheck: healthcheck.optional(),
  profiles: z.array(z.string()).optional(),
  scale: int.optional(),
  deploy: z.looseObject({ replicas: int.optional() }).nullable().optional(),
  extends: z.unknown().optional(),
});

/** One service as the Compose file writes it (the fields depwatch reads). */
export type ComposeServiceRaw = z.output<typeof serviceSchema>;

const topVolume = z
  .looseObject({
    name: z.string().optional(),
    external: z.union([bool, z.looseObject({ name: z.string().optional() })]).optional(),
  })
  .nullable();

/** The top level of a Compose file (the fields depwatch reads; the rest passes through). */
export const composeSchema = z.looseObject({
  name: z.string().optional(),
  include: z.unknown().optional(),
  services: z.record(z.string().regex(/^[a-zA-Z0-9._-]+$/, "service names use only a-z, A-Z, 0-9, '.', '_' and '-'"), z.union([serviceSchema, z.null()]), {
    error: "expected a mapping of service names to service definitions",
  }),
  volumes: z.record(z.string(), topVolume).nullable().optional(),
});

/** A Compose file as parsed. */
export type ComposeFileRaw = z.output<typeof composeSchema>;
