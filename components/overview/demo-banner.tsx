/** What the bundled demo shows and what to watch, above its overview (README "Quick start"). */
export function DemoBanner() {
  return (
    <aside aria-label="About this demo" className="mb-3 rounded-md border border-sky-300 bg-sky-50 p-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100">
      <p>
        <strong>Demo:</strong> a small simulated stack. Watch the <strong>Orders API</strong> wait for the <strong>Orders database</strong> while it
        starts (about 20 s), then turn up; the hung <strong>Search backend</strong> becomes the root cause that blocks the <strong>Indexing worker</strong>;
        the <strong>Cache</strong> is flaky, so it retries and times out now and then. Point <code>DEPWATCH_CONFIG</code> at your own <code>depwatch.yaml</code> to
        watch your services.
      </p>
    </aside>
  );
}
