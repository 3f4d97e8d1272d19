/**
 * Desk review rules: desk events submitted for review (or verified and waiting to be published)
 * for longer than `hours`. Each event is its own alert, once per time it waits (docs/alerts.md).
 */
import type { Found, KindCheck } from './found.ts';

/** Checks a desk review rule against the review queue at the time of the evaluation. */
export const deskReviewCheck: KindCheck = async (store, rule, now) => {
  const p = rule.params as { hours: number; states: ('submitted' | 'verified')[] };
  const queue = await store.deskReviewQueue(now.toISOString());
  const waiting = queue.filter((q) => p.states.includes(q.state) && q.age_hours >= p.hours);
  const found: Found = {
    conditions: waiting.map((q) => ({
      // The key changes with the time the event entered its state, so an event sent back to review waits anew.
      key: `desk:${q.id}:${q.state}:${q.waiting_since}`,
      title: `desk event ${q.id} ${q.state === 'submitted' ? 'awaits review' : 'awaits publication'} for ${q.age_hours} h: ${q.headline ?? q.date_start ?? 'no headline'}`,
      detail: {
        desk_event_id: q.id,
        state: q.state,
        waiting_since: q.waiting_since,
        age_hours: q.age_hours,
        created_by: q.created_by,
        country: q.country,
        date_start: q.date_start,
      },
    })),
    note: null,
  };
  return found;
};
