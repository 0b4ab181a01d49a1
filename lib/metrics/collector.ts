import { OUTCOMES, STATUSES, type CheckRecord, type Outcome, type Status } from "@/lib/model";
import { escapeLabel, formatValue, header, Histogram, labels } from "@/lib/metrics/exposition";
import { isReady } from "@/lib/status";

/** The history store's write state for `/metrics`. */
export interface StorageGauge {
  failing: boolean;
  backlog: number;
}

/** Upper bounds of the check duration histogram, seconds (a check includes its retries). */
export const CHECK_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Upper bounds of the scheduler lateness histogram, seconds (the target is < 50 ms p99). */
export const LATENESS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

interface ServiceSeries {
  passed: number;
  failed: number;
  attempts: Map<Outcome, number>;
  duration: Histogram;
}

/** What the exposition needs about each current service. */
export interface ServiceState {
  id: string;
  status: Status;
}

/**
 * Counters and histograms for `GET /metrics`, fed from finished checks and scheduler lateness.
 * Kept here, not on config objects, so a config reload keeps unchanged services' counts.
 */
export class MetricsCollector {
  private readonly series = new Map<string, ServiceSeries>();
  private readonly lateness = new Histogram(LATENESS_BUCKETS);

  /** Counts one finished check and its attempts. */
  recordCheck(check: CheckRecord): void {
    const s = this.seriesOf(check.serviceId);
    if (check.passed) s.passed++;
    else s.failed++;
    for (const a of check.attempts) s.attempts.set(a.outcome, (s.attempts.get(a.outcome) ?? 0) + 1);
    s.duration.observe(check.durationMs / 1000);
  }

  /** Records how late a scheduled check started, in ms (early timer wake-ups count as 0). */
  observeLateness(lateMs: number): void {
    this.lateness.observe(Math.max(0, lateMs) / 1000);
  }

  /** The Prometheus text exposition for the given current services; forgets removed ones. */
  render(services: readonly ServiceState[], configOk = true, storage: StorageGauge = { failing: false, backlog: 0 }): string {
    const ids = new Set(services.map((s) => s.id));
    for (const id of this.series.keys()) if (!ids.has(id)) this.series.delete(id);
    const out: string[] = [];
    out.push(...header("depwatch_service_up", "gauge", "Whether the service passes its checks (1 when up or degraded, else 0)."));
    for (const s of services) out.push(`depwatch_service_up${labels({ service: s.id })} ${isReady(s.status) ? 1 : 0}`);
    out.push(...header("depwatch_service_status", "gauge", "The service's current status, one-hot over every status."));
    for (const s of services) {
      const svc = `service="${escapeLabel(s.id)}"`;
      for (const st of STATUSES) out.push(`depwatch_service_status{${svc},status="${st}"} ${s.status === st ? 1 : 0}`);
    }
    out.push(...header("depwatch_checks_total", "counter", "Finished checks by result (passed or failed) since the dashboard started."));
    for (const s of services) {
      const x = this.seriesOf(s.id);
      out.push(`depwatch_checks_total${labels({ service: s.id, result: "passed" })} ${x.passed}`);
      out.push(`depwatch_checks_total${labels({ service: s.id, result: "failed" })} ${x.failed}`);
    }
    out.push(...header("depwatch_attempts_total", "counter", "Attempts by outcome since the dashboard started."));
    for (const s of services) {
      const x = this.seriesOf(s.id);
      const svc = `service="${escapeLabel(s.id)}"`;
      for (const o of OUTCOMES) out.push(`depwatch_attempts_total{${svc},outcome="${o}"} ${x.attempts.get(o) ?? 0}`);
    }
    out.push(...header("depwatch_check_duration_seconds", "histogram", "Duration of whole checks, retries and backoff included."));
    for (const s of services) out.push(...this.seriesOf(s.id).duration.lines("depwatch_check_duration_seconds", { service: s.id }));
    out.push(...header("depwatch_scheduler_lateness_seconds", "histogram", "How late scheduled checks started compared with their slot."));
    out.push(...this.lateness.lines("depwatch_scheduler_lateness_seconds"));
    out.push(...header("depwatch_config_last_reload_successful", "gauge", "Whether the last config change was applied (0 while a rejected change is pending)."));
    out.push(`depwatch_config_last_reload_successful ${formatValue(configOk ? 1 : 0)}`);
    out.push(...header("depwatch_storage_failing", "gauge", "1 while the history store cannot write (disk full, read-only) and checks wait in memory."));
    out.push(`depwatch_storage_failing ${storage.failing ? 1 : 0}`);
    out.push(...header("depwatch_storage_backlog_checks", "gauge", "Checks waiting in memory to be written to the history store."));
    out.push(`depwatch_storage_backlog_checks ${storage.backlog}`);
    return `${out.join("\n")}\n`;
  }

  private seriesOf(id: string): ServiceSeries {
    let s = this.series.get(id);
    if (!s) {
      s = { passed: 0, failed: 0, attempts: new Map(), duration: new Histogram(CHECK_DURATION_BUCKETS) };
      this.series.set(id, s);
    }
    return s;
  }
}
