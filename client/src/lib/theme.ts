// Applying the user's theme. /theme.js (in <head>) paints the first frame from localStorage; this mirrors the
// server-side preference there and switches <html data-theme> when the user chooses in the user menu.
import { useEffect } from 'react';
import type { Theme } from '../../../shared/schemas/appearance';

/** Read by /theme.js too: keep the two in step. */
export const THEME_STORAGE_KEY = 'trucrm.theme';

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function applyTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage refused (private mode): the theme still applies to this page.
  }
  const dark = theme === 'dark' || (theme === 'system' && prefersDark());
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
}

/** After sign-in, the server's choice wins over what this browser last showed. */
export function useServerTheme(theme: Theme | undefined): void {
  useEffect(() => {
    if (!theme) return;
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      // as above
    }
    if (stored !== theme) applyTheme(theme);
  }, [theme]);
}
