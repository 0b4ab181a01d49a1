// API shapes as the browser sees them: one definition, shared with the server (lib/api/shapes).
export type {
  LastCheckView as LastCheck,
  ServiceView as ServiceStatus,
  StartupServiceView as StartupService,
  StartupView as StartupResponse,
  StatusView as StatusResponse,
} from "@/lib/api/shapes";
export type { Status } from "@/lib/model";
export { STATUSES as STATUS_ORDER } from "@/lib/model";
