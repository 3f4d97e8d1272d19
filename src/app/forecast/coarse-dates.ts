/**
 * What a monthly panel spreads: the records of its sources and months dated only to a unit coarser
 * than a month (a year, or a span past its month). They belong to no one month, so the panel
 * spreads each evenly over the months of its span (month-shares.ts) rather than counting it in its
 * start month; the answer says how many there are. With the bundled data these are 10 GED 22.1
 * records of Pakistan (2,247 deaths), among them the TTP's totals for 2009 (1,428, 119 a month)
 * and 2010 (728), and 5 Candidate records of 2026 (3 deaths).
 */
import { agree, counted } from '../../domain/plural.ts';
import type { Store } from '../../storage/store.ts';

/** The note on the records a panel spreads for their coarse dates, or null when there are none. */
export async function coarseDatesNote(
  store: Store,
  spec: { country: string; metric: 'fatalities' | 'events' },
  sources: readonly string[],
  taken: ReadonlyMap<string, { source: string }>,
  months: ReadonlySet<string>,
): Promise<string | null> {
  const parts: string[] = [];
  let total = 0;
  for (const source of sources) {
    // A record counts where the panel took its start month from the record's own source.
    const read = async (metric: 'events' | 'fatalities') =>
      (
        await store.panelCells({ country: spec.country, source, units: 'country', metric, coarser: true })
      ).filter((c) => months.has(c.month) && taken.get(c.month)?.source === source);
    const events = await read('events');
    if (!events.length) continue;
    const n = events.reduce((a, c) => a + c.value, 0);
    const starts = events.map((c) => c.month).sort();
    const span = starts[0] === starts.at(-1) ? starts[0] : `${starts[0]} to ${starts.at(-1)}`;
    const deaths =
      spec.metric === 'fatalities' ? (await read('fatalities')).reduce((a, c) => a + c.value, 0) : null;
    parts.push(
      `${source} ${counted(n, 'event')}${deaths === null ? '' : ` (${counted(deaths, 'death')}, best estimate)`} starting ${span}`,
    );
    total += n;
  }
  if (!total) return null;
  const per = spec.metric === 'fatalities' ? 'deaths' : 'events';
  return `the history spreads ${counted(total, 'record')} dated only to a year or a span longer than a month evenly over the months of ${agree(total, 'its', 'their')} span (${per} / months in each, in whole numbers, not all in the start month; \`series\` sets such records apart in \`imprecise\`, docs/methods.md): ${parts.join('; ')}`;
}
