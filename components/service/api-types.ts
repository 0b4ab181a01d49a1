// API shapes of the service page as the browser sees them (JSON); kept apart from server modules.
import type { ServiceStatus, Status } from "@/components/types";

/** An attempt outcome. */
export type Outcome = "ok" | "timeout" | "refused" | "dns" | "tls" | "auth" | "status" | "assertion" | "error";

/** Every outcome, in display order. */
export const OUTCOME_LIST: Outcome[] = ["ok", "timeout", "refused", "dns", "tls", "auth", "status", "assertion", "error"];

/** A neighbour in the dependency graph with its status. */
export interface LinkedService {
  id: string;
  optional: boolean;
  status: Status;
}

/** `GET /api/services/{id}`. */
export interface ServiceDetail extends Omit<ServiceStatus, "dependsOn"> {
  dependsOn: LinkedService[];
  dependents: LinkedService[];
  check: Record<string, unknown>;
  timing: { interval: number; timeout: number; retries: number; failureThreshold: number; successThreshold: number; startPeriod: number; degradedAfter: number; backoff: { initial: number; factor: number; max: number; jitter: number } };
}

/** One attempt of a check. */
export interface AttemptItem {
  n: number;
  startedAt: string;
  durationMs: number;
  outcome: Outcome;
  phase?: string;
  message?: string;
  backoffMs?: number;
}

/** One check in the history. */
export interface CheckItem {
  id: number;
  startedAt: string;
  durationMs: number;
  trigger: "schedule" | "manual";
  passed: boolean;
  attempts: AttemptItem[];
}

/** `GET /api/services/{id}/checks`. */
export interface ChecksPage {
  checks: CheckItem[];
  next?: number;
}

/** `GET /api/services/{id}/latency`. */
export interface LatencyView {
  from: string;
  to: string;
  points: { at: string; p50: number | null; p95: number | null; samples: number }[];
  counts: { checks: number; failed: number; retries: number; timeouts: number };
}

/** `POST /api/services/{id}/check`. */
export interface ManualCheckResult {
  check: CheckItem;
  service: ServiceStatus;
  downstream?: { checked: number; passed: number; failed: number; services: { id: string; passed: boolean; status: Status; outcome: Outcome; attempts: number }[] };
}
