import { describe, expect, it } from "vitest";
import { STATUSES, type Status } from "@/lib/model";
import { isBlockable, isFailing, isReady, isRootCause, isStartingUp, STATUS_RULES } from "@/lib/status";

describe("status rules", () => {
  it.each<[Status, boolean, boolean, boolean, boolean]>([
    // status, ready, failing (shown as bad), root cause, blockable
    ["pending", false, false, false, false],
    ["starting", false, false, false, true],
    ["up", true, false, false, false],
    ["degraded", true, false, false, false],
    ["down", false, true, true, true],
    ["blocked", false, true, false, true],
    ["waiting", false, false, false, false],
  ])("%s: ready %s, failing %s, root cause %s, blockable %s", (status, ready, failing, root, blockable) => {
    expect([isReady(status), isFailing(status), isRootCause(status), isBlockable(status)]).toEqual([ready, failing, root, blockable]);
  });

  it("has one row per status and answers false for an unknown one", () => {
    expect(Object.keys(STATUS_RULES).sort()).toEqual([...STATUSES].sort());
    expect([isReady(undefined), isFailing(undefined), isRootCause(undefined), isBlockable(undefined)]).toEqual([false, false, false, false]);
  });
});

describe("isStartingUp (what a failing dependent waits for)", () => {
  it.each<[Status, boolean]>([
    ["pending", true],
    ["starting", true],
    ["waiting", true],
    ["up", false],
    ["degraded", false],
    ["down", false],
    ["blocked", false],
    ["maintenance", false],
  ])("%s → %s", (status, want) => {
    expect(isStartingUp(status)).toBe(want);
  });

  it("answers false for an unknown status", () => {
    expect(isStartingUp(undefined)).toBe(false);
  });
});
