/** Shown on every page while a config change was rejected and the last good config keeps running. */
export function ConfigBanner({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className="mb-3 rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      <strong>Config change rejected</strong> — the last good config keeps running.
      <pre className="mt-1 whitespace-pre-wrap text-xs">{error}</pre>
    </div>
  );
}
