/** The system Chromium the e2e tests drive (Debian's package; browsers are never downloaded). */
export const CHROMIUM = process.env.DEPWATCH_CHROMIUM ?? "/usr/bin/chromium";
