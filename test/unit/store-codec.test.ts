import { describe, expect, it } from "vitest";
import { OUTCOMES, type AttemptRecord, type Outcome, type Phase } from "@/lib/model";
import { decodeAttempts, encodeAttempts, outcomeBit, OUTCOME_CODES, PHASE_CODES } from "@/lib/store/codec";

// These codes are in every stored history: a change here corrupts existing databases. Never edit
// a row; a new outcome or phase adds one (ARCHITECTURE.md, "Store").
describe("pinned storage codes", () => {
  it.each<[Outcome, number]>([
    ["ok", 0],
    ["timeout", 1],
    ["refused", 2],
    ["dns", 3],
    ["tls", 4],
    ["auth", 5],
    ["status", 6],
    ["assertion", 7],
    ["error", 8],
  ])("outcome %s is code %i", (outcome, code) => {
    expect(OUTCOME_CODES[outcome]).toBe(code);
    expect(outcomeBit(outcome)).toBe(1 << (2 + code));
  });

  it.each<[Phase | "none", number]>([
    ["none", 0],
    ["dns", 1],
    ["connect", 2],
    ["tls", 3],
    ["request", 4],
    ["response", 5],
  ])("phase %s is code %i", (phase, code) => {
    expect(PHASE_CODES[phase]).toBe(code);
  });

  it("gives every outcome a distinct code, whatever the display order", () => {
    expect(new Set(OUTCOMES.map((o) => OUTCOME_CODES[o])).size).toBe(OUTCOMES.length);
    expect(Object.keys(OUTCOME_CODES).sort()).toEqual([...OUTCOMES].sort());
  });

  it.each<[string, AttemptRecord, number[]]>([
    ["a passing attempt", { n: 1, startedAt: 1_000, durationMs: 12, outcome: "ok" }, [0x00, 0x00, 12]],
    ["a refused connect with a message", { n: 1, startedAt: 1_001, durationMs: 3, outcome: "refused", phase: "connect", message: "m" }, [0x40 | (2 * 6 + 2), 0x02, 3, 7]],
    ["a timed-out response with backoff", { n: 1, startedAt: 999, durationMs: 200, outcome: "timeout", phase: "response", backoffMs: 150 }, [0x80 | (1 * 6 + 5), 0x01, 0xc8, 0x01, 0x96, 0x01]],
    ["an assertion failure", { n: 1, startedAt: 1_000, durationMs: 1, outcome: "assertion" }, [7 * 6, 0x00, 1]],
  ])("encodes %s to pinned bytes and back", (_label, attempt, bytes) => {
    const blob = encodeAttempts(1_000, [attempt], () => 7);
    expect([...blob]).toEqual(bytes);
    expect(decodeAttempts(blob, 1_000, () => "m")).toEqual([attempt]);
  });
});
