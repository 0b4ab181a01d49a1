"use client";

import { useEffect, useState } from "react";
import { useSWRConfig } from "swr";
import { formatMs } from "@/components/format";
import { servicePrefix } from "@/components/hooks/keys";
import { verdictOf } from "@/components/service/check-row";
import type { ManualCheckResult } from "@/lib/api/shapes";

type State = { kind: "idle" } | { kind: "running" } | { kind: "done"; result: ManualCheckResult } | { kind: "wait"; until: number } | { kind: "error"; message: string };

function resultText(r: ManualCheckResult): string {
  const last = r.check.attempts[r.check.attempts.length - 1];
  const head = r.check.passed ? `Check ${verdictOf(r.check)} in ${formatMs(r.check.durationMs)}` : `Check ${verdictOf(r.check)}: ${last?.outcome ?? "error"}${last?.message ? ` — ${last.message}` : ""}`;
  const down = r.downstream ? `; re-checked ${r.downstream.checked} dependents (${r.downstream.failed} failed)` : "";
  return `${head}. Now ${r.service.status}${down}.`;
}

/** Runs a check now, shows progress then the result; a 429 shows how long to wait. */
export function CheckNowButton({ id, hasDependents }: { id: string; hasDependents: boolean }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [downstream, setDownstream] = useState(false);
  const [now, setNow] = useState(0);
  const { mutate } = useSWRConfig();
  const waiting = state.kind === "wait" && state.until > now;
  useEffect(() => {
    if (state.kind !== "wait") return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [state.kind]);

  const run = async () => {
    setState({ kind: "running" });
    try {
      const res = await fetch(`${servicePrefix(id)}/check${downstream ? "?downstream=1" : ""}`, { method: "POST", headers: { accept: "application/json" } });
      if (res.status === 429) {
        const seconds = Number(res.headers.get("retry-after")) || 2;
        setNow(Date.now());
        setState({ kind: "wait", until: Date.now() + seconds * 1000 });
        return;
      }
      const body = (await res.json()) as ManualCheckResult & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
      setState({ kind: "done", result: body });
      // Every key of this service (detail, history pages, chart) and the overview may have moved.
      void mutate((key) => typeof key === "string" && (key.startsWith(`${servicePrefix(id)}`) || key === "/api/status"));
    } catch (err) {
      setState({ kind: "error", message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={run}
          disabled={state.kind === "running" || waiting}
          className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {state.kind === "running" ? "Checking…" : "Check now"}
        </button>
        {hasDependents && (
          <label className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={downstream} onChange={(e) => setDownstream(e.target.checked)} /> and its dependents
          </label>
        )}
      </div>
      <p role="status" aria-live="polite" className="min-h-4 text-xs text-zinc-700 dark:text-zinc-300">
        {state.kind === "running" && "Running a check…"}
        {state.kind === "done" && resultText(state.result)}
        {state.kind === "wait" && (waiting ? `Checked moments ago; try again in ${Math.ceil((state.until - now) / 1000)} s.` : "You can check again now.")}
        {state.kind === "error" && `Could not run the check: ${state.message}`}
      </p>
    </div>
  );
}
