"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { memo, useEffect, useMemo, type RefObject } from "react";
import { formatMs } from "@/components/format";
import type { GanttFrame, StartupCounts } from "@/components/graph/first-paint";
import type { NameOf } from "@/components/names";
import { StatusBadge } from "@/components/status-badge";
import type { StartupServiceView, StartupView } from "@/lib/api/shapes";

const t = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const pct = (ms: number, span: number) => `${Math.max(0, Math.min(100, (ms / span) * 100))}%`;

function note(s: StartupServiceView, nameOf: NameOf): string {
  if (s.waitedMs === null) return `waiting for ${s.waitingFor.map(nameOf).join(", ") || "dependencies"}`;
  const on = s.waitedOn === null ? "" : nameOf(s.waitedOn);
  if (s.readyAt === null) return s.waitedMs > 0 ? `waited ${formatMs(s.waitedMs)} on ${on}; not ready yet` : "not ready yet";
  const after = formatMs(Math.max(0, (t(s.gateOpenAt) ?? 0) - Date.parse(s.startedAt)));
  return s.waitedMs > 0 ? `waited ${formatMs(s.waitedMs)} on ${on}, ready after ${after}` : `ready after ${after}`;
}

/** A timeline row's height before it is measured (one line; a phone wraps the status under the bar), px. */
const ROW_ESTIMATE = 22;

/**
 * The start-up timeline as a Gantt chart: per service, the time it waited on its required
 * dependencies (hatched) and its own time until its gate opened (solid), a tick where its own
 * checks first passed, and the critical path marked with ★ and a heavier outline. Only the rows
 * near the visible part of `scroller` are in the DOM (README.md "Performance").
 */
export const StartupGantt = memo(function StartupGantt({ data, frame, rows, onFocus, focus, nameOf, scroller }: { data: StartupView; frame: GanttFrame; rows: StartupServiceView[]; onFocus: (id: string) => void; focus: string | null; nameOf: NameOf; scroller: RefObject<HTMLDivElement | null> }) {
  const { start, span, now } = frame;
  const critical = useMemo(() => new Set(data.criticalPath), [data]);
  // The rows render from the virtualizer's state on each scroll; no memoised child is handed its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_ESTIMATE, overscan: 12, initialRect: { width: 1280, height: 560 } });
  // The focused service's row comes into view when the focus changes (the chain can be long).
  const focusIndex = focus === null ? -1 : rows.findIndex((s) => s.id === focus);
  useEffect(() => {
    if (focusIndex >= 0) v.scrollToIndex(focusIndex, { align: "auto" });
  }, [focusIndex, v]);
  return (
    <div role="table" aria-label="Start-up timeline" aria-rowcount={rows.length + 1} className="text-xs">
      <div role="row" aria-rowindex={1} className="sticky top-0 z-10 flex gap-2 border-b border-zinc-200 bg-white py-1 font-semibold text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400">
        <span role="columnheader" className="w-32 shrink-0 sm:w-44">Service</span>
        <span role="columnheader" className="flex-1">0 → {formatMs(span)}</span>
        <span role="columnheader" className="hidden w-72 shrink-0 md:block">Status, waited / ready</span>
      </div>
      <div role="rowgroup" className="relative" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((item) => {
          const s = rows[item.index]!;
          return (
            <div key={s.id} data-index={item.index} ref={v.measureElement} className="absolute left-0 top-0 w-full" style={{ transform: `translateY(${item.start}px)` }}>
              <GanttRow s={s} index={item.index + 2} start={start} span={span} now={now} onPath={critical.has(s.id)} focused={focus === s.id} nameOf={nameOf} onFocus={onFocus} />
            </div>
          );
        })}
      </div>
    </div>
  );
});

/** One service's row; memoised, so a refresh re-renders only rows whose data changed. */
const GanttRow = memo(function GanttRow({ s, index, start, span, now, onPath, focused, nameOf, onFocus }: { s: StartupServiceView; index: number; start: number; span: number; now: number; onPath: boolean; focused: boolean; nameOf: NameOf; onFocus: (id: string) => void }) {
  const s0 = Date.parse(s.startedAt) - start;
  const waitEnd = s.waitedMs === null ? now - start : s0 + s.waitedMs;
  const gate = t(s.gateOpenAt);
  const ownEnd = gate === null ? now - start : gate - start;
  const ready = t(s.readyAt);
  return (
    <div role="row" aria-rowindex={index} data-startup={s.id} data-critical={onPath || undefined} className={`flex flex-wrap items-center gap-x-2 py-0.5 md:flex-nowrap ${focused ? "bg-blue-50 dark:bg-blue-950" : ""}`}>
      <span role="cell" className="flex w-32 shrink-0 items-center gap-1 truncate sm:w-44">
        <span aria-label={onPath ? "on the critical path" : undefined} className="w-3 text-amber-600">{onPath ? "★" : ""}</span>
        <button type="button" onClick={() => onFocus(s.id)} className={`truncate text-left hover:underline ${onPath ? "font-semibold" : ""}`} title={`Highlight ${nameOf(s.id)} in the graph`}>
          {nameOf(s.id)}
        </button>
      </span>
      <span role="cell" className="relative h-4 flex-1 rounded-sm bg-zinc-50 dark:bg-zinc-900">
        {waitEnd > s0 && (
          <span
            className="absolute inset-y-0.5 bg-[repeating-linear-gradient(135deg,var(--color-zinc-400)_0_3px,transparent_3px_6px)] opacity-70"
            style={{ left: pct(s0, span), width: pct(waitEnd - s0, span) }}
            title={s.waitedMs === null ? "still waiting on dependencies" : `waited ${formatMs(s.waitedMs)}`}
          />
        )}
        {s.waitedMs !== null && (
          <span
            className={`absolute inset-y-0.5 rounded-sm ${gate === null ? "border border-dashed border-sky-600 bg-sky-100 dark:bg-sky-950" : "bg-emerald-500"} ${onPath ? "ring-2 ring-amber-500" : ""}`}
            style={{ left: pct(waitEnd, span), width: pct(Math.max(ownEnd - waitEnd, span / 400), span) }}
          />
        )}
        {ready !== null && <span className="absolute inset-y-0 w-0.5 bg-zinc-900 dark:bg-zinc-100" style={{ left: pct(ready - start, span) }} title={`own checks passed at +${formatMs(ready - start)}`} />}
      </span>
      {/* On a phone this cell wraps under the bar instead of disappearing. */}
      <span role="cell" className="flex w-full min-w-0 items-center gap-1 pl-4 md:w-72 md:shrink-0 md:pl-0" title={note(s, nameOf)}>
        <StatusBadge status={s.status} className="px-1 py-0" />
        <span className="truncate">{note(s, nameOf)}</span>
      </span>
    </div>
  );
});

/** The one-line summary above the chart: the critical path and how long it took. */
export function CriticalPathSummary({ data, counts, nameOf }: { data: StartupView; counts: StartupCounts; nameOf: NameOf }) {
  return (
    <p className="mb-2 text-sm">
      {data.complete ? "Start-up complete" : `Start-up in progress: ${counts.waiting} of ${counts.total} services not ready`}
      {data.criticalPath.length > 0 && (
        <>
          {" · "}critical path{data.totalMs !== null ? ` (${formatMs(data.totalMs)})` : ""}:{" "}
          {data.criticalPath.map((id, i) => (
            <span key={id}>
              {i > 0 && " → "}
              <Link href={`/services/${encodeURIComponent(id)}`} className="font-semibold underline">★ {nameOf(id)}</Link>
            </span>
          ))}
        </>
      )}
    </p>
  );
}
