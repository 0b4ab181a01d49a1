"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { ServiceView } from "@/lib/api/shapes";

/** A card row's height before it is measured (a card and the gap below it), px. */
export const ROW_ESTIMATE = 184;
/** The viewport the server renders for: rows beyond it are left to the browser. */
const FIRST_VIEWPORT = { width: 1280, height: 1000 };
// useLayoutEffect warns when rendered on the server; there the first paint needs no measuring.
const useIsoLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/** Cards per row, following the grid's breakpoints (sm 2, lg 3, xl 4); 4 until the browser says. */
function useColumns(): number {
  const [cols, setCols] = useState(4);
  useEffect(() => {
    const queries = [window.matchMedia("(min-width: 1280px)"), window.matchMedia("(min-width: 1024px)"), window.matchMedia("(min-width: 640px)")];
    const update = () => setCols(queries[0]!.matches ? 4 : queries[1]!.matches ? 3 : queries[2]!.matches ? 2 : 1);
    update();
    for (const q of queries) q.addEventListener("change", update);
    return () => queries.forEach((q) => q.removeEventListener("change", update));
  }, []);
  return cols;
}

/**
 * One group's cards in rows, only the rows near the viewport in the DOM (README.md,
 * "Performance"): at 1,000 services a page holds a few dozen cards, not 17,000 nodes.
 * `offsetEstimate` places the group before it is measured, so the server renders only the rows
 * the first screen shows.
 */
export function GroupGrid({ list, offsetEstimate, card }: { list: ServiceView[]; offsetEstimate: number; card: (s: ServiceView) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const cols = useColumns();
  const [offset, setOffset] = useState(offsetEstimate);
  useIsoLayoutEffect(() => {
    const measure = () => {
      const top = ref.current ? Math.round(ref.current.getBoundingClientRect().top + window.scrollY) : offsetEstimate;
      setOffset((o) => (o === top ? o : top));
    };
    measure();
    // Anything above (the banner, earlier groups' rows) can move this group.
    const ro = new ResizeObserver(measure);
    ro.observe(document.body);
    return () => ro.disconnect();
  }, [offsetEstimate]);
  const rows = Math.ceil(list.length / cols);
  const v = useWindowVirtualizer({ count: rows, estimateSize: () => ROW_ESTIMATE, overscan: 2, scrollMargin: offset, initialRect: FIRST_VIEWPORT });
  return (
    <div ref={ref} style={{ height: v.getTotalSize(), position: "relative" }}>
      {v.getVirtualItems().map((row) => (
        <ul
          key={row.key}
          data-index={row.index}
          ref={v.measureElement}
          className="absolute left-0 top-0 grid w-full grid-cols-1 gap-2 pb-2 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4"
          style={{ transform: `translateY(${row.start - v.options.scrollMargin}px)` }}
        >
          {list.slice(row.index * cols, row.index * cols + cols).map(card)}
        </ul>
      ))}
    </div>
  );
}
