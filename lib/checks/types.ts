import type { z } from "zod";
import type { ProbeResult } from "@/lib/model";

/** What the runner hands a probe for one attempt. */
export interface ProbeContext {
  /** Aborts when the attempt's timeout fires or the scheduler stops; probes must destroy their sockets on it. */
  signal: AbortSignal;
  /** The attempt's bound in milliseconds (the signal already enforces it). */
  timeoutMs: number;
}

/**
 * One check type: its config schema (with its own `type` literal) and its probe.
 * Adding a type means adding one module and one line in `index.ts`.
 */
export interface CheckType<C extends { type: string } = { type: string }> {
  type: C["type"];
  /** zod schema of the `check:` block for this type, defaults included. */
  schema: z.ZodType<C>;
  /** Runs one attempt. Must not throw for target failures: return an outcome instead. */
  probe(config: C, ctx: ProbeContext): Promise<ProbeResult>;
  /** A short human label of the target (host:port, container, path), without secrets. */
  target(config: C): string;
}
