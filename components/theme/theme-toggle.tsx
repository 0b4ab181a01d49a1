"use client";

import { useEffect, useSyncExternalStore } from "react";
import { applyTheme, THEME_KEY, THEMES, type Theme } from "@/components/theme/theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
// Fired on this tab when the choice changes; "storage" covers the other tabs.
const CHANGED = "depwatch-theme-changed";

function stored(): Theme {
  const t = window.localStorage.getItem(THEME_KEY);
  return t === "light" || t === "dark" ? t : "system";
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** Theme choice (system, light, dark), remembered by the browser; "system" follows OS changes live. */
export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, stored, () => "system" as Theme);
  // The inline script applied the stored choice before paint; this follows later changes only.
  useEffect(() => {
    const other = (e: StorageEvent) => e.key === THEME_KEY && applyTheme(e.newValue);
    window.addEventListener("storage", other);
    return () => window.removeEventListener("storage", other);
  }, []);
  useEffect(() => {
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);
  const choose = (t: Theme) => {
    if (t === "system") window.localStorage.removeItem(THEME_KEY);
    else window.localStorage.setItem(THEME_KEY, t);
    applyTheme(t);
    window.dispatchEvent(new Event(CHANGED));
  };
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-700 dark:text-zinc-300">
      <span>Theme</span>
      <select value={theme} onChange={(e) => choose(e.target.value as Theme)} className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900">
        {THEMES.map((t) => <option key={t} value={t}>{LABELS[t]}</option>)}
      </select>
    </label>
  );
}
