/**
 * Light and dark themes: the system's preference by default (prefers-color-scheme), or the reader's
 * choice, kept in localStorage and set as `data-theme` on <html>. Components that draw with
 * JavaScript (the map) listen for `faultline-theme` to re-read the colours.
 */
import { useEffect, useState } from 'preact/hooks';

/** The reader's choice. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'faultline-theme';
const media = matchMedia('(prefers-color-scheme: dark)');

/** The stored choice, or system. */
export function storedTheme(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Applies a choice to the document and tells listeners. */
export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  document.dispatchEvent(new CustomEvent('faultline-theme'));
}

media.addEventListener('change', () => storedTheme() === 'system' && applyTheme('system'));

/** A counter that changes whenever the theme does (a dependency for effects that draw colours). */
export function useThemeTick(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const l = () => setN((x) => x + 1);
    document.addEventListener('faultline-theme', l);
    return () => document.removeEventListener('faultline-theme', l);
  }, []);
  return n;
}
