"use client";

import { useState } from "react";
import { createShareLink, type ShareRequest } from "@/components/share/create-share-link";
import type { ShareLink } from "@/lib/api/shapes";



import { formatUtc } from "@/components/share/types";

type State = { kind: "idle" } | { kind: "busy" } | { kind: "done"; link: ShareLink; copied: boolean } | { kind: "error"; message: string };

/**
 * "Share snapshot": freezes the current status (of `service`, or everything) and shows the signed
 * link, copied to the clipboard when the browser allows it.
 */
export function ShareSnapshotButton(props: ShareRequest) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const share = async () => {
    setState({ kind: "busy" });
    try {
      const link = await createShareLink({ service: props.service, range: props.range, ttl: props.ttl });
      const copied = await navigator.clipboard?.writeText(link.url).then(() => true, () => false) ?? false;
      setState({ kind: "done", link, copied });
    } catch (err) {
      setState({ kind: "error", message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <span className="inline-flex max-w-full flex-wrap items-center gap-2">
      <button type="button" onClick={share} disabled={state.kind === "busy"} className="rounded border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800">
        {state.kind === "busy" ? "Sharing…" : "Share snapshot"}
      </button>
      {state.kind === "done" && (
        <input readOnly aria-label="Snapshot link" value={state.link.url} onFocus={(e) => e.currentTarget.select()} size={state.link.url.length} className="w-full max-w-full rounded sm:w-auto border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" />
      )}
      <span role="status" aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {state.kind === "done" && `${state.copied ? "Link copied. " : ""}Expires ${formatUtc(state.link.expiresAt)}.`}
        {state.kind === "error" && `Could not share: ${state.message}`}
      </span>
    </span>
  );
}
