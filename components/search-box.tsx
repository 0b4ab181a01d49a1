"use client";

import { useEffect, useRef, useState } from "react";
import { useSlashFocus } from "@/components/hooks/use-slash-focus";

/**
 * A search field bound to a URL value: typing reports each change, and a value changed from
 * outside (Back, Forward, a link) replaces what is shown. "/" focuses it.
 */
export function SearchBox({ value, onChange, label, placeholder }: { value: string; onChange: (v: string) => void; label: string; placeholder: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // Values typed here whose navigation has not landed yet: when one lands it is ours (keep what
  // is typed since); any other value came from outside, e.g. Back, and replaces the text.
  const [sent, setSent] = useState<string[]>([]);
  if (value !== seen) {
    setSeen(value);
    const i = sent.lastIndexOf(value);
    if (i === -1) {
      setText(value);
      setSent([]);
    } else setSent(sent.slice(i + 1));
  }
  useSlashFocus(ref);
  useEffect(() => {
    ref.current?.setAttribute("aria-keyshortcuts", "/");
  }, []);
  return (
    <span className="relative inline-flex max-w-full items-center">
      <input
        ref={ref}
        type="search"
        aria-label={label}
        placeholder={placeholder}
        title={`${label} (press / to get here)`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setSent((list) => [...list, e.target.value]);
          onChange(e.target.value);
        }}
        className="w-64 max-w-full rounded border border-zinc-300 bg-white py-1 pl-2 pr-7 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <kbd aria-hidden="true" className="pointer-events-none absolute right-1.5 rounded border border-zinc-300 px-1 text-[11px] text-zinc-600 dark:border-zinc-600 dark:text-zinc-300">/</kbd>
    </span>
  );
}
