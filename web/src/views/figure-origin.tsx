/**
 * Where the people a published figure counts left from, under it wherever figures are listed (the
 * Border view's returns tables, as listed and by month, and the Sources view's statistics): a month
 * of returns from Iran is no month of returns from Pakistan.
 */
import type { MovementFields } from '../../../src/domain/statistic.ts';
import { originWords } from './border-data.ts';

/**
 * A figure's origin in words, as the API's `origin` gives it (originWords): "from Pakistan", or that
 * none is given for a figure of people who moved; nothing for a figure where origin is no notion (a
 * security report's attacks), where "no origin given" on every row was noise.
 */
export function FigureOrigin({ f }: { f: MovementFields & { origin: string | null } }) {
  const words = originWords(f);
  if (words === null) return null;
  return (
    <div class="muted small" data-testid="origin" data-value={f.origin ?? ''}>
      {words}
    </div>
  );
}
