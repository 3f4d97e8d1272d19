/** The line under a figure that says which source versions it comes from. */
import type { SourceUse } from '../api/types.ts';
import { t } from '../i18n/t.ts';
import { sourceEntry } from './source-entry.ts';

/** "Source: ucdp-ged 22.1 (10,402 events, final), …", and whether desk events are in the figure. */
export function SourceNote({
  sources,
  desk,
}: {
  sources: readonly SourceUse[] | undefined;
  desk?: 'included' | 'excluded' | undefined;
}) {
  if (!sources) return null;
  const list = sources.map(sourceEntry).join(', ');
  return (
    <p class="source-note" data-desk={desk}>
      {sources.length ? t('sources.from', { list }) : t('sources.none')}
      {desk && ` · ${t(desk === 'included' ? 'sources.deskIn' : 'sources.deskOut')}`}
    </p>
  );
}
