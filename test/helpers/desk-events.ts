/**
 * Published desk events for tests, through the real workflow: an analyst creates and submits, a
 * reviewer verifies, an admin publishes. Their reports are synthetic (a fictional outlet and URL).
 */
import {
  createDeskEvent,
  publishDeskEvent,
  submitDeskEvent,
  verifyDeskEvent,
  type DeskDeps,
} from '../../src/app/desk/desk-workflow.ts';
import type { DeskActor } from '../../src/domain/desk.ts';
import type { Store } from '../../src/storage/store.ts';

const analyst: DeskActor = { id: 'an', name: null, role: 'analyst' };
const reviewer: DeskActor = { id: 'rv', name: null, role: 'reviewer' };
const admin: DeskActor = { id: 'ad', name: null, role: 'admin' };

/** A synthetic report of a battle in Pakistan on `date`, cited from a synthetic wire, over the fields given. */
export function syntheticReport(date: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date_start: date,
    country: 'PAK',
    common_type: 'battle',
    fatalities_best: 2,
    headline: 'Synthetic clash',
    citations: [
      {
        url: `https://news.example.org/synthetic/${date}`,
        outlet: 'Synthetic Wire',
        published_at: date,
        quote: 'synthetic',
      },
    ],
    ...over,
  };
}

/** Creates, submits, verifies and publishes a desk event; its id. */
export async function publishedDeskEvent(store: Store, input: unknown, deps: DeskDeps = {}): Promise<number> {
  const d = await createDeskEvent(store, input, analyst, deps);
  await submitDeskEvent(store, d.id, analyst, deps);
  await verifyDeskEvent(store, d.id, reviewer, deps);
  await publishDeskEvent(store, d.id, admin, deps);
  return d.id;
}
