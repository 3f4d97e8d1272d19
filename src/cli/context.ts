import type { Event } from '../domain/event.ts';
import type { EventGeo } from '../domain/placed-event.ts';
import type { Store } from '../storage/store.ts';
import type { Settings } from '../config/settings.ts';

/** What every command gets from the composition root: the store (opened lazily), settings and output. */
export interface Context {
  settings: Settings;
  store(): Promise<Store>;
  placer(): Promise<(e: Event) => EventGeo>;
  out(text: string): void;
  err(text: string): void;
}
