import type { AttemptRecord, CheckCounts, CheckRecord, NewCheck, Outcome, Phase } from "@/lib/model";

/**
 * Compact encodings for the SQLite store. A check's attempts are one blob: per attempt a head
 * byte (outcome × phase code, plus "has message" and "has backoff" bits), then varints for the
 * start offset from the check's start (zigzag), the duration, the message id and the backoff.
 * The attempt number is its position (runCheck numbers attempts 1, 2, 3 …). Times are whole ms.
 */

/**
 * Stored outcome codes: pinned, never derived from a list's order (ARCHITECTURE.md, "Store").
 * A new outcome takes the next free code; a code once written is never reused or changed.
 */
export const OUTCOME_CODES: Readonly<Record<Outcome, number>> = { ok: 0, timeout: 1, refused: 2, dns: 3, tls: 4, auth: 5, status: 6, assertion: 7, error: 8 };

/** Stored phase codes (0: no phase); pinned like the outcome codes. */
export const PHASE_CODES: Readonly<Record<Phase | "none", number>> = { none: 0, dns: 1, connect: 2, tls: 3, request: 4, response: 5 };

const PHASE_COUNT = 6;
const OUTCOME_BY_CODE = new Map(Object.entries(OUTCOME_CODES).map(([k, v]) => [v, k as Outcome]));
const PHASE_BY_CODE = new Map(Object.entries(PHASE_CODES).map(([k, v]) => [v, k === "none" ? undefined : (k as Phase)]));
const HAS_MESSAGE = 0x40;
const HAS_BACKOFF = 0x80;

/** Flag bits of the `flags` column; the outcome mask starts at bit 2. */
export const FLAG_PASSED = 1;
export const FLAG_MANUAL = 2;
const MASK_SHIFT = 2;
const COUNT_SHIFT = 11;
const TIMEOUTS_SHIFT = 15;
const MAX_OUTCOME_CODE = Math.max(...Object.values(OUTCOME_CODES));

// The head byte holds outcome × PHASE_COUNT + phase in 6 bits, and the outcome mask must end
// below the attempt count: fail at start-up, not by corrupting history, when codes outgrow them.
if ((MAX_OUTCOME_CODE + 1) * PHASE_COUNT > 0x40 || MASK_SHIFT + MAX_OUTCOME_CODE >= COUNT_SHIFT || Math.max(...Object.values(PHASE_CODES)) >= PHASE_COUNT) {
  throw new Error("storage codes no longer fit the SQLite encoding: widen it with a schema migration");
}

/** The `flags` bit that marks a check with at least one attempt of `outcome`. */
export function outcomeBit(outcome: Outcome): number {
  return 1 << (MASK_SHIFT + OUTCOME_CODES[outcome]);
}

/** Packs passed, trigger, the outcomes present and the attempt/timeout counts (capped at 15). */
export function packFlags(check: Pick<NewCheck, "passed" | "trigger" | "attempts">): number {
  let flags = (check.passed ? FLAG_PASSED : 0) | (check.trigger === "manual" ? FLAG_MANUAL : 0);
  let timeouts = 0;
  for (const a of check.attempts) {
    flags |= outcomeBit(a.outcome);
    if (a.outcome === "timeout") timeouts++;
  }
  return flags | (Math.min(15, check.attempts.length) << COUNT_SHIFT) | (Math.min(15, timeouts) << TIMEOUTS_SHIFT);
}

/** What a check contributes to counts, read back from its `flags`. */
export function countsOfFlags(flags: number): CheckCounts {
  const attempts = (flags >> COUNT_SHIFT) & 15;
  return { checks: 1, failed: flags & FLAG_PASSED ? 0 : 1, retries: Math.max(0, attempts - 1), timeouts: (flags >> TIMEOUTS_SHIFT) & 15 };
}

/** Outcome-mask bits of `flags`: which outcomes occur in the check. */
export const FLAGS_MASK_ALL = ((1 << (MAX_OUTCOME_CODE + 1)) - 1) << MASK_SHIFT;

/** SQL expressions over `flags` for the counts aggregations. */
export const SQL_ATTEMPTS = `((flags >> ${COUNT_SHIFT}) & 15)`;
export const SQL_TIMEOUTS = `((flags >> ${TIMEOUTS_SHIFT}) & 15)`;

class Writer {
  private buf = Buffer.allocUnsafe(64);
  len = 0;

  byte(b: number): void {
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }

  varint(v: number): void {
    let n = Math.max(0, Math.round(v));
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  zigzag(v: number): void {
    const n = Math.round(v);
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** Encodes attempts; `messageId` maps a message text to its dictionary id (never 0). */
export function encodeAttempts(checkStart: number, attempts: readonly AttemptRecord[], messageId: (text: string) => number): Buffer {
  const w = new Writer();
  for (const a of attempts) {
    const code = OUTCOME_CODES[a.outcome] * PHASE_COUNT + PHASE_CODES[a.phase ?? "none"];
    w.byte(code | (a.message !== undefined ? HAS_MESSAGE : 0) | (a.backoffMs !== undefined ? HAS_BACKOFF : 0));
    w.zigzag(a.startedAt - checkStart);
    w.varint(a.durationMs);
    if (a.message !== undefined) w.varint(messageId(a.message));
    if (a.backoffMs !== undefined) w.varint(a.backoffMs);
  }
  return w.done();
}

/** Message ids referenced by an encoded blob, so a reader can fetch them in one go. */
export function messageIdsOf(blob: Uint8Array, into: Set<number>): void {
  decodeWith(blob, 0, (id) => {
    into.add(id);
    return "";
  });
}

/** Decodes attempts; `messageText` maps a dictionary id back to its text. */
export function decodeAttempts(blob: Uint8Array, checkStart: number, messageText: (id: number) => string): AttemptRecord[] {
  return decodeWith(blob, checkStart, messageText);
}

function decodeWith(blob: Uint8Array, checkStart: number, messageText: (id: number) => string): AttemptRecord[] {
  const out: AttemptRecord[] = [];
  let i = 0;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = blob[i++];
      if (b === undefined) throw new Error("truncated attempts blob");
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  };
  while (i < blob.length) {
    const head = blob[i++] ?? 0;
    const code = head & 0x3f;
    const outcome = OUTCOME_BY_CODE.get(Math.floor(code / PHASE_COUNT)) ?? "error";
    const phase = PHASE_BY_CODE.get(code % PHASE_COUNT);
    const z = varint();
    const a: AttemptRecord = { n: out.length + 1, startedAt: checkStart + (z % 2 === 0 ? z / 2 : -(z + 1) / 2), durationMs: varint(), outcome };
    if (phase !== undefined) a.phase = phase;
    if (head & HAS_MESSAGE) a.message = messageText(varint());
    if (head & HAS_BACKOFF) a.backoffMs = varint();
    out.push(a);
  }
  return out;
}

/** The duration of the last attempt in a blob (the check's latency) without decoding the rest. */
export function lastAttemptDuration(blob: Uint8Array): number | undefined {
  let i = 0;
  let last: number | undefined;
  const skip = () => {
    while ((blob[i++] ?? 0) >= 0x80);
  };
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = blob[i++] ?? 0;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  };
  while (i < blob.length) {
    const head = blob[i++] ?? 0;
    skip();
    last = varint();
    if (head & HAS_MESSAGE) skip();
    if (head & HAS_BACKOFF) skip();
  }
  return last;
}

/** A stored check as both SQL stores keep it: packed flags and the attempts blob. */
export interface StoredCheckRow {
  id: number;
  started_at: number;
  duration_ms: number;
  flags: number;
  attempts: Uint8Array;
}

/** The check a stored row holds (the inverse of packFlags and encodeAttempts). */
export function checkFromRow(serviceId: string, row: StoredCheckRow, messageText: (id: number) => string): CheckRecord {
  return {
    id: row.id,
    serviceId,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    trigger: row.flags & FLAG_MANUAL ? "manual" : "schedule",
    passed: (row.flags & FLAG_PASSED) !== 0,
    attempts: decodeAttempts(row.attempts, row.started_at, messageText),
  };
}
