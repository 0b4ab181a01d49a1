import { Cron } from "croner";
import type { MaintenanceWindow } from "@/lib/config/maintenance-schema";
import type { SilenceRecord } from "@/lib/store/alert-types";

/** Why a service is in maintenance right now, and until when. */
export interface MaintenanceState {
  kind: "window" | "silence";
  reason: string;
  until: number;
  /** The silence's id, for ending it. */
  silenceId?: number;
}

interface Target {
  id: string;
  group: string;
}

function covers(scope: { services?: readonly string[]; groups?: readonly string[] }, s: Target): boolean {
  return (scope.services?.includes(s.id) ?? false) || (scope.groups?.includes(s.group) ?? false);
}

/**
 * Maintenance windows from the config (one-off, or cron with a duration, via croner) and ad-hoc
 * silences (SPEC §9): answers whether a service is in `maintenance` at a time. Cron patterns are
 * compiled once per config.
 */
export class MaintenanceCalendar {
  private readonly crons: (Cron | undefined)[];

  constructor(private readonly windows: readonly MaintenanceWindow[], private readonly silences: () => readonly SilenceRecord[] = () => []) {
    this.crons = windows.map((w) => (w.cron ? new Cron(w.cron, { paused: true, timezone: w.timezone }) : undefined));
  }

  /** The window or silence covering `s` at `now`, if any. */
  stateOf(s: Target, now: number): MaintenanceState | undefined {
    for (const [i, w] of this.windows.entries()) {
      if (!covers(w, s)) continue;
      const until = this.windowEnd(i, now);
      if (until !== undefined) return { kind: "window", reason: w.reason ?? "maintenance window", until };
    }
    for (const sl of this.silences()) {
      if (sl.startsAt <= now && now < sl.endsAt && sl.endedAt === undefined && covers(sl, s)) return { kind: "silence", reason: sl.reason, until: sl.endsAt, silenceId: sl.id };
    }
    return undefined;
  }

  /** When window `i` ends if it is open at `now`. */
  private windowEnd(i: number, now: number): number | undefined {
    const w = this.windows[i]!;
    if (w.start !== undefined && w.end !== undefined) return w.start <= now && now < w.end ? w.end : undefined;
    const cron = this.crons[i];
    if (!cron || !w.duration) return undefined;
    // The latest start at or before now (a start exactly now counts): open while start + duration > now.
    const startsNow = cron.match(new Date(now - (now % 1000)));
    const prev = startsNow ? now - (now % 1000) : cron.previousRuns(1, new Date(now))[0]?.getTime();
    return prev !== undefined && prev + w.duration > now ? prev + w.duration : undefined;
  }
}
