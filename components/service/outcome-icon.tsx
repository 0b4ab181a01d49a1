import type { Outcome } from "@/lib/model";

// Inline SVG, not emoji: emoji fonts are missing on many servers and kiosks, and these must read
// the same everywhere. Drawn in currentColor on a 12×12 grid.
const PATHS: Record<Outcome, React.ReactNode> = {
  ok: <path d="M2 6.5l2.5 2.5L10 3" />,
  // a clock
  timeout: (
    <>
      <circle cx="6" cy="6" r="4.5" />
      <path d="M6 3.5V6l1.8 1.2" />
    </>
  ),
  // no entry
  refused: (
    <>
      <circle cx="6" cy="6" r="4.5" />
      <path d="M3.5 6h5" />
    </>
  ),
  // a globe
  dns: (
    <>
      <circle cx="6" cy="6" r="4.5" />
      <path d="M1.5 6h9M6 1.5c-2.2 2.6-2.2 6.4 0 9M6 1.5c2.2 2.6 2.2 6.4 0 9" />
    </>
  ),
  // a shield
  tls: <path d="M6 1.3l4 1.5v3c0 2.5-1.8 4.2-4 4.9-2.2-.7-4-2.4-4-4.9v-3z" />,
  // a padlock
  auth: (
    <>
      <rect x="2.5" y="5.5" width="7" height="5" rx="1" />
      <path d="M4 5.5V4a2 2 0 014 0v1.5" />
    </>
  ),
  // a hash: the HTTP status was not an expected one
  status: <path d="M4.5 1.5l-1 9M8.5 1.5l-1 9M2 4.5h8.5M1.5 7.5h8.5" />,
  // not-equal: a body or condition assertion failed
  assertion: <path d="M2 4.5h8M2 7.5h8M8 1.5l-4 9" />,
  // a warning triangle
  error: <path d="M6 1.5l4.8 8.5H1.2zM6 5v2.3M6 8.6v.1" />,
};

/** The icon of an attempt outcome; decorative (the word is always next to it). */
export function OutcomeIcon({ outcome }: { outcome: Outcome }) {
  return (
    <svg viewBox="0 0 12 12" width="12" height="12" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="shrink-0">
      {PATHS[outcome] ?? PATHS.error}
    </svg>
  );
}
