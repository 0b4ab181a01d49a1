"use client";

import { useState, useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/**
 * The service's status badge with the Markdown that embeds it, ready to copy into a README or a
 * wiki. The badge names the service (README.md, "Status badges").
 */
export function BadgeSnippet({ id, name }: { id: string; name: string }) {
  const path = `/api/badge/${encodeURIComponent(id)}`;
  // The origin is only known in the browser; the server renders the path until then.
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const [note, setNote] = useState("");
  const markdown = `[![${name} status](${origin}${path})](${origin}/services/${encodeURIComponent(id)})`;
  const copy = async () => {
    const ok = await navigator.clipboard?.writeText(markdown).then(() => true, () => false);
    setNote(ok ? "Badge Markdown copied" : "Select the text to copy it");
    setTimeout(() => setNote(""), 2_000);
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer select-none text-zinc-700 hover:underline dark:text-zinc-300">Status badge</summary>
      <div className="mt-2 flex flex-col gap-2">
        {/* eslint-disable-next-line @next/next/no-img-element -- a live SVG from our own API, not an optimisable image */}
        <img src={path} alt={`${name} status badge`} height={20} className="h-5 w-fit" />
        <label className="flex flex-col gap-1 text-xs">
          <span>Markdown</span>
          <textarea readOnly rows={2} value={markdown} onFocus={(e) => e.currentTarget.select()} className="w-full resize-none rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        <span className="flex items-center gap-2">
          <button type="button" onClick={copy} className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Copy badge Markdown
          </button>
          <span role="status" aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">{note}</span>
        </span>
      </div>
    </details>
  );
}
