import { describe, expect, it } from "vitest";
import { maintenanceWindow } from "@/lib/config/maintenance-schema";
import { MaintenanceCalendar } from "@/lib/maintenance/calendar";
import type { SilenceRecord } from "@/lib/store/alert-types";

const db = { id: "orders-db", group: "data" };
const at = (iso: string) => Date.parse(iso);

describe("MaintenanceCalendar", () => {
  const cal = new MaintenanceCalendar([
    maintenanceWindow.parse({ services: ["orders-db"], start: "2026-12-24T22:00:00Z", end: "2026-12-25T02:00:00Z", reason: "upgrade" }),
    maintenanceWindow.parse({ groups: ["data"], cron: "0 3 * * SUN", duration: "30m", timezone: "UTC", reason: "weekly vacuum" }),
  ]);

  it.each([
    ["before the one-off window", "2026-12-24T21:59:59Z", undefined],
    ["inside the one-off window", "2026-12-24T23:00:00Z", "upgrade"],
    ["at its end", "2026-12-25T02:00:00Z", undefined],
    ["a Sunday at 03:00", "2026-12-06T03:00:00Z", "weekly vacuum"],
    ["a Sunday at 03:29", "2026-12-06T03:29:59Z", "weekly vacuum"],
    ["a Sunday at 03:30", "2026-12-06T03:30:00Z", undefined],
    ["a Monday at 03:10", "2026-12-07T03:10:00Z", undefined],
  ])("%s", (_n, when, reason) => {
    expect(cal.stateOf(db, at(when))?.reason).toBe(reason);
  });

  it("applies silences to their services and groups until they end or expire", () => {
    const silences: SilenceRecord[] = [{ id: 1, services: [], groups: ["data"], reason: "migration", createdBy: "ana", startsAt: 0, endsAt: 1_000 }];
    const c = new MaintenanceCalendar([], () => silences);
    expect(c.stateOf(db, 500)).toEqual({ kind: "silence", reason: "migration", until: 1_000, silenceId: 1 });
    expect(c.stateOf({ id: "api", group: "web" }, 500)).toBeUndefined();
    expect(c.stateOf(db, 1_000)).toBeUndefined();
    silences[0]!.endedAt = 400;
    expect(c.stateOf(db, 500)).toBeUndefined();
  });

  it.each([
    [{ services: ["x"], cron: "not a cron", duration: "1m" }, "cron expression"],
    [{ services: ["x"], cron: "0 3 * * *" }, "needs a duration"],
    [{ services: ["x"], start: "2026-01-02T00:00:00Z", end: "2026-01-01T00:00:00Z" }, "end must be after start"],
    [{ start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" }, "services or groups"],
  ])("rejects %j", (raw, message) => {
    const r = maintenanceWindow.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });
});
