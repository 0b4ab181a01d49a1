import { perEngine } from "@/lib/api/per-engine";
import { statusView } from "@/lib/api/status-view";
import type { Engine } from "@/lib/runtime/engine";

/** The longest a `/api/status` body is reused when nothing was pushed meanwhile (README "Performance"). */
export const STATUS_REUSE_MS = 250;

/**
 * The `/api/status` body, serialised once and shared by the requests that come before the next
 * check, status or config event (and at most STATUS_REUSE_MS apart): fifty polling clients then
 * cost one build per change, not fifty.
 */
export class StatusBody {
  private text: string | undefined;
  private at = 0;
  private off: (() => void) | undefined;

  constructor(
    private readonly bus: { subscribe(onCheck: () => void, onConfig: () => void, onStatus?: () => void): () => void },
    private readonly build: () => unknown,
    private readonly maxAgeMs = STATUS_REUSE_MS,
  ) {}

  /** The current body as JSON text. */
  json(now = Date.now()): string {
    if (!this.off) {
      const stale = () => (this.text = undefined);
      this.off = this.bus.subscribe(stale, stale, stale);
    }
    if (this.text === undefined || now - this.at >= this.maxAgeMs) {
      this.text = JSON.stringify(this.build());
      this.at = now;
    }
    return this.text;
  }
}

const holders = perEngine("statusBodies", () => ({ body: undefined as StatusBody | undefined }));

/** The status body of this engine (one per process). */
export function statusBodyFor(engine: Engine): StatusBody {
  const h = holders(engine);
  return (h.body ??= new StatusBody(engine.bus, () => statusView(engine)));
}
