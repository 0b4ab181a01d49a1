import { describe, expect, it } from "vitest";
import { CheckIdGenerator } from "@/lib/store/check-id";

describe("CheckIdGenerator", () => {
  it.each([
    ["start time and random bits", 0, [[1_000, 5]], [1_000 * 1024 + 5]],
    ["a later start", 0, [[1_000, 5], [1_001, 0]], [1_024_005, 1_025_024]],
    ["the same millisecond, lower bits", 0, [[1_000, 9], [1_000, 3]], [1_024_009, 1_024_010]],
    ["a start time going back", 0, [[2_000, 0], [1_000, 0]], [2_048_000, 2_048_001]],
    ["a floor above the start time (an older store)", 5_000_000, [[1_000, 0]], [5_000_001]],
    ["a floor below the start time (small counter ids)", 42, [[1_000, 1_023]], [1_025_023]],
  ])("%s", (_label, floor, calls, expected) => {
    const randoms = calls.map((c) => c[1]!);
    const gen = new CheckIdGenerator(floor, () => randoms.shift()!);
    expect(calls.map((c) => gen.next(c[0]!))).toEqual(expected);
    expect(gen.lastId).toBe(expected[expected.length - 1]);
  });

  it("uses 10 random bits by default and stays strictly increasing", () => {
    const gen = new CheckIdGenerator();
    const now = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 5_000 }, (_, i) => gen.next(now + Math.floor(i / 10)));
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
    expect(ids.every(Number.isSafeInteger)).toBe(true);
    expect(new Set(ids.slice(0, 500).map((id) => Math.floor(id / 1024) === now ? id % 1024 : -1)).size).toBeGreaterThan(1);
  });

  it("refuses an id past 2^53", () => {
    expect(() => new CheckIdGenerator().next(2 ** 44)).toThrow(RangeError);
  });
});
