"use client";

import { useEffect, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { formatMs } from "@/components/format";
import { LIVE_CHECK_EVENT, type LiveCheckEvent } from "@/components/hooks/live-patch";
import { STATUS_KEY } from "@/components/hooks/use-status";
import type { CheckAllSummary } from "@/lib/api/shapes";
import { STATUSES } from "@/lib/model";

type State = { kind: "idle" } | { kind: "running"; done: number } | { kind: "done"; summary: CheckAllSummary } | { kind: "error"; message: string };

function summaryText(s: CheckAllSummary): string {
  const statuses = STATUSES.filter((k) => s.byStatus[k]).map((k) => `${s.byStatus[k]} ${k}`).join(", ");
  return `Re-checked ${s.checked} in ${formatMs(s.durationMs)}: ${s.passed} passed, ${s.failed} failed${statuses ? ` — now ${statuses}` : ""}.`;
}

/** "Re-check all": runs every service's check now, counting finished checks as they stream in. */
export function RecheckAll({ total }: { total: number }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const since = useRef(0);
  const { mutate } = useSWRConfig();
  const running = state.kind === "running";

  useEffect(() => {
    if (!running) return;
    const onCheck = (ev: Event) => {
      const e = (ev as CustomEvent<LiveCheckEvent>).detail;
      if (e.check.trigger !== "manual" || Date.parse(e.check.startedAt) < since.current - 1_000) return;
      setState((s) => (s.kind === "running" ? { kind: "running", done: Math.min(total, s.done + 1) } : s));
    };
    window.addEventListener(LIVE_CHECK_EVENT, onCheck);
    return () => window.removeEventListener(LIVE_CHECK_EVENT, onCheck);
  }, [running, total]);

  const run = async () => {
    since.current = Date.now();
    setState({ kind: "running", done: 0 });
    try {
      const res = await fetch("/api/check", { method: "POST", headers: { accept: "application/json" } });
      const body = (await res.json()) as CheckAllSummary & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
      setState({ kind: "done", summary: body });
      void mutate(STATUS_KEY);
    } catch (err) {
      setState({ kind: "error", message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" onClick={run} disabled={running} className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900">
        {running ? "Re-checking…" : "Re-check all"}
      </button>
      {running && <progress max={total} value={state.done} aria-label="Re-check progress" className="h-2 w-24" />}
      <span role="status" aria-live="polite" data-testid="recheck-result" className="text-xs text-zinc-700 dark:text-zinc-300">
        {state.kind === "running" && `${state.done} of ${total} checked…`}
        {state.kind === "done" && summaryText(state.summary)}
        {state.kind === "error" && `Could not re-check: ${state.message}`}
      </span>
    </span>
  );
}
