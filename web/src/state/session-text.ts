/**
 * A text box's text kept in this tab's sessionStorage, so that a reload (or Back to the view) does
 * not lose a pasted claim file. Not in the URL: a claim file may be 256 KiB, past what servers and
 * browsers take in an address, and an address is shared, logged and kept in history; the tab's
 * storage is cleared when the tab closes and is never sent anywhere.
 */
import { useState } from 'preact/hooks';

/** The kept text under `key`, or '' when none is kept or storage is refused (private modes, quotas). */
export function keptText(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Keeps `text` under `key` (an empty one removes it); a full or refused storage keeps nothing, silently: the box still holds it. */
export function keepText(key: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  } catch {
    // Nothing kept: only a reload would lose the text, as it did before.
  }
}

/** A text state that starts from the kept text and keeps every change. */
export function useSessionText(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => keptText(key));
  return [
    text,
    (v: string) => {
      setText(v);
      keepText(key, v);
    },
  ];
}
