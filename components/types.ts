// API shapes as the browser sees them (JSON); kept apart from server modules on purpose.

/** A status of a service. */
export type Status = "pending" | "starting" | "up" | "degraded" | "down" | "blocked";

/** Every status, worst first. */
export const STATUS_ORDER: Status[] = ["down", "blocked", "degraded", "starting", "pending", "up"];

/** The last check of a service. */
export interface LastCheck {
  at: string;
  durationMs: number;
  attempts: number;
  outcome: string;
  message: string | null;
  passed: boolean;
}

/** A service in `/api/status`. */
export interface ServiceStatus {
  id: string;
  name: string;
  group: string;
  type: string;
  target: string;
  status: Status;
  blockedBy: string[];
  since: string;
  lastCheck: LastCheck | null;
  dependsOn: { id: string; optional: boolean }[];
  recent?: { checks: number; failed: number; retries: number; timeouts: number };
}

/** The body of `/api/status`. */
export interface StatusResponse {
  generatedAt: string;
  configError?: string;
  services: ServiceStatus[];
  order: string[][];
}

/** One service in `/api/startup`: times are ISO strings, durations milliseconds. */
export interface StartupService {
  id: string;
  status: Status;
  wave: number;
  startedAt: string;
  readyAt: string | null;
  readyAfterMs: number | null;
  gateOpenAt: string | null;
  waitedMs: number | null;
  waitedOn: string | null;
  waitingFor: string[];
}

/** The body of `/api/startup`: the start-up timeline, critical path (first service first) and waves. */
export interface StartupResponse {
  generatedAt: string;
  origin: string;
  complete: boolean;
  lastReady: string | null;
  totalMs: number | null;
  criticalPath: string[];
  order: string[][];
  services: StartupService[];
}
