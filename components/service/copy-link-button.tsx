"use client";

import { useState } from "react";

/** Copies the current URL (which holds the whole view state) to the clipboard. */
export function CopyLinkButton() {
  const [note, setNote] = useState("");
  const copy = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setNote("Link copied");
    } catch {
      // No clipboard (plain http on another host, or denied): show the link to copy by hand.
      window.prompt("Copy this link", url);
      setNote("");
    }
    setTimeout(() => setNote(""), 2_000);
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} className="rounded border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        Copy link
      </button>
      <span role="status" aria-live="polite" className="text-xs text-zinc-600">{note}</span>
    </span>
  );
}
