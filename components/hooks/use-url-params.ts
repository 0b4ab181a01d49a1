"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";

// A burst of keystrokes in a search box is one history entry, not one per letter.
const TYPING_MS = 1_500;

/**
 * The page's URL query as view state (README.md, "Pages": every view keeps its state in the URL).
 * Each change is a history entry, so Back undoes it; a search being typed updates its entry.
 */
export function useUrlParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  // The query last asked for: navigation lands a moment later, and a change made before it lands
  // (typing, then clicking a filter) must build on it, not on the stale params.
  const asked = useRef<string | null>(null);
  const lastTyped = useRef(0);
  useEffect(() => {
    if (params.toString() === asked.current) asked.current = null;
  }, [params]);

  const current = () => new URLSearchParams(asked.current ?? params.toString());
  const set = (changes: Record<string, string | null>, how: "push" | "typing" = "push") => {
    const next = current();
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    if (qs === (asked.current ?? params.toString())) return;
    const url = qs ? `${pathname}?${qs}` : pathname;
    const now = Date.now();
    const replace = how === "typing" && now - lastTyped.current < TYPING_MS;
    lastTyped.current = how === "typing" ? now : 0;
    asked.current = qs;
    // The native History API (which Next's router follows): view state changes in the browser
    // only, with no round trip to the server for a page it already shows.
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };
  return { params, current, set };
}
