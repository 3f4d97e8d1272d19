/** The theme button: cycles system → light → dark, and says which one is on. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/t.ts';
import { applyTheme, storedTheme, type ThemeChoice } from '../theme.ts';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** A button that switches the theme. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const label = t(`theme.${choice}`);
  return (
    <button
      type="button"
      class="theme-toggle"
      data-testid="theme-toggle"
      aria-label={`${t('theme.label')}: ${label}`}
      title={label}
      onClick={() => {
        const next = NEXT[choice];
        applyTheme(next);
        setChoice(next);
      }}
    >
      <span aria-hidden="true">{ICON[choice]}</span>
    </button>
  );
}
