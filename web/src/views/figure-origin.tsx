/**
 * Where the people a published figure counts left from, under it wherever figures are listed (the
 * Border view's returns tables, as listed and by month, and the Sources view's statistics): a month
 * of returns from Iran is no month of returns from Pakistan.
 */
import { t } from '../i18n/t.ts';
import { originName } from './border-data.ts';

/** A figure's origin in words, as the API's `origin` gives it: "from Pakistan", "from several countries together", or none for a figure of one place. */
export function FigureOrigin({ origin }: { origin: string | null }) {
  return (
    <div class="muted small" data-testid="origin" data-value={origin ?? ''}>
      {origin === null ? t('border.origin.none') : t('border.origin.figure', { origin: originName(origin) })}
    </div>
  );
}
