import { expandActorFilter } from '../domain/actors.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { validateFilter, type EventFilter, type VictimClass } from '../domain/query.ts';

/** Filter values as text, the way a command line, a URL or a form gives them. */
export interface RawFilter {
  from?: string;
  to?: string;
  country?: string;
  admin1?: string;
  admin2?: string;
  actor?: string;
  type?: string;
  source?: string;
  version?: string;
  borderZone?: string | boolean;
  maxBorderKm?: string | number;
  exact?: string | boolean;
  victim?: string;
}

/** `2021` and `2021-03` stand for their first (or last) day; anything else is left for validation. */
function widen(v: string, side: 'start' | 'end'): string {
  if (/^\d{4}$/.test(v)) return side === 'start' ? `${v}-01-01` : `${v}-12-31`;
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(v);
  if (!m) return v;
  if (side === 'start') return `${v}-01`;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${v}-${String(last).padStart(2, '0')}`;
}

const list = (v?: string) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function bool(name: string, v: string | boolean | undefined): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new InvalidInputError(`invalid ${name}: ${v} (use true or false)`);
}

/**
 * Turns text filters into a validated EventFilter: countries upper-cased, actors expanded through
 * the registry (aliases and groups), one-line errors for anything unknown.
 */
export function parseFilter(raw: RawFilter): EventFilter {
  const f: EventFilter = {};
  if (raw.from) f.from = widen(raw.from, 'start');
  if (raw.to) f.to = widen(raw.to, 'end');
  f.country = list(raw.country)?.map((c) => c.toUpperCase());
  f.admin1 = list(raw.admin1);
  f.admin2 = list(raw.admin2);
  if (raw.actor) {
    const ids = new Set<string>();
    for (const term of list(raw.actor) ?? []) {
      const hit = expandActorFilter(term);
      if (!hit)
        throw new InvalidInputError(`unknown actor: ${term} (see docs/actors.md for names and groups)`);
      hit.ids.forEach((i) => ids.add(i));
    }
    f.actorIds = [...ids];
  }
  f.type = list(raw.type);
  f.source = list(raw.source);
  f.sourceVersion = list(raw.version);
  f.borderZone = bool('border zone', raw.borderZone);
  if (raw.maxBorderKm !== undefined && raw.maxBorderKm !== '') {
    const n = Number(raw.maxBorderKm);
    if (!Number.isFinite(n) || n < 0)
      throw new InvalidInputError(`invalid max border distance: ${raw.maxBorderKm}`);
    f.maxBorderKm = n;
  }
  f.exactOnly = bool('exact', raw.exact);
  if (raw.victim) f.victim = raw.victim as VictimClass;
  for (const k of Object.keys(f) as (keyof EventFilter)[]) if (f[k] === undefined) delete f[k];
  return validateFilter(f);
}
