import type { StorageView } from "@/lib/api/shapes";

/** Shown on every page while the history store cannot write; checks go on and wait in memory. */
export function StorageBanner({ storage }: { storage?: StorageView }) {
  if (!storage) return null;
  return (
    <div role="alert" data-testid="storage-banner" className="mb-3 rounded border border-red-400 bg-red-50 p-2 text-sm text-red-950 dark:bg-red-950 dark:text-red-100">
      <strong>History storage is failing</strong> since {new Date(storage.since).toLocaleTimeString()} — checks go on; {storage.backlog} wait in memory
      {storage.dropped > 0 ? `, ${storage.dropped} dropped` : ""}.
      <pre className="mt-1 whitespace-pre-wrap text-xs">{storage.error}</pre>
    </div>
  );
}
