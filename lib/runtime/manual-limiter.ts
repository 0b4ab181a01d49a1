/** The least time between two manual checks of one service that the API starts. */
export const MANUAL_GAP_MS = 2_000;

/** Remembers when each service last had a manual check, to answer 429 to a burst (one per engine). */
export class ManualLimiter {
  private readonly last = new Map<string, number>();

  constructor(private readonly gapMs = MANUAL_GAP_MS) {}

  /** Milliseconds until a new manual check of `id` may start; 0 when it may start now. */
  wait(id: string, now: number): number {
    const last = this.last.get(id);
    return last === undefined ? 0 : Math.max(0, last + this.gapMs - now);
  }

  /** Records a manual check of `id` at `now` (its start, then again its end). */
  mark(id: string, now: number): void {
    this.last.set(id, now);
  }
}
