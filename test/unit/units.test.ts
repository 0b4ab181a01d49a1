import { describe, expect, it } from "vitest";
import { formatDuration, parseBytes, parseDuration } from "@/lib/units";

describe("parseDuration", () => {
  it.each([
    ["200ms", 200],
    ["10s", 10_000],
    ["1m", 60_000],
    ["1m30s", 90_000],
    ["2h", 7_200_000],
    ["30d", 2_592_000_000],
    ["1.5s", 1_500],
    [" 5s ", 5_000],
  ])("%s → %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["2 seconds", "10", "s", "-1s", "1x", "", "1s2"])("rejects %j", (text) => expect(parseDuration(text)).toBeUndefined());
});

describe("formatDuration", () => {
  it.each([
    [200, "200ms"],
    [1500, "1.5s"],
    [90_000, "1.5m"],
    [7_200_000, "2h"],
  ])("%d → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("parseBytes", () => {
  it.each([
    ["1GiB", 1024 ** 3],
    ["500MB", 500e6],
    ["4096", 4096],
    [2048, 2048],
    ["1.5KiB", 1536],
  ] as const)("%j → %d", (text, n) => expect(parseBytes(text)).toBe(n));

  it.each(["1 GB of disk", "lots", "1XB", -1])("rejects %j", (text) => expect(parseBytes(text)).toBeUndefined());
});
