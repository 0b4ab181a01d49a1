// API shapes of the service page as the browser sees them (JSON); kept apart from server modules.
import type { ServiceStatus, Status } from "@/components/types";
import type { CheckItem } from "@/lib/api/shapes";
import type { Outcome } from "@/lib/model";

export type { Outcome } from "@/lib/model";
export { OUTCOMES as OUTCOME_LIST } from "@/lib/model";
export type { AttemptItem, CheckItem, ChecksPage, LatencyView, LinkedService, ServiceDetail } from "@/lib/api/shapes";

/** `POST /api/services/{id}/check`. */
export interface ManualCheckResult {
  check: CheckItem;
  service: ServiceStatus;
  downstream?: { checked: number; passed: number; failed: number; services: { id: string; passed: boolean; status: Status; outcome: Outcome; attempts: number }[] };
}
