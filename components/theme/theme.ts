// The colour theme (README.md, "Themes"): "system" follows the OS, "light" and "dark" pin it;
// the choice lives in localStorage, so a wall screen stays dark by day.

/** The themes a viewer can choose. */
export const THEMES = ["system", "light", "dark"] as const;
/** A theme choice. */
export type Theme = (typeof THEMES)[number];
/** The localStorage key of the choice. */
export const THEME_KEY = "depwatch-theme";

/**
 * Applies a choice to <html>: the `dark` class Tailwind's dark variant reads, `data-theme` with the
 * choice, and `color-scheme` for form controls and scrollbars. Written to run as an inline script
 * too (see themeScript), so it may use nothing from outside its own body.
 */
export function applyTheme(choice: string | null): void {
  const theme = choice === "light" || choice === "dark" ? choice : "system";
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.dataset.theme = theme;
  root.style.colorScheme = dark ? "dark" : "light";
}

/** The inline script that applies the stored choice before first paint, so no page flashes light. */
export const themeScript = `try{(${applyTheme.toString()})(localStorage.getItem(${JSON.stringify(THEME_KEY)}))}catch(e){}`;
