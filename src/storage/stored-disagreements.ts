/**
 * What `disagreements` asks of the store over the stored links of a filter's events (issue 17), so
 * that the engine groups the records into incidents, judges and counts them, and hands back only
 * the counts and the page of incidents the answer lists (docs/linkage.md, "Cost of `disagreements`
 * on a large store"). The rules are app/disagreements-memory.ts's, which judges links computed on
 * request the same way in memory.
 */
import type { EventFilter } from '../domain/query.ts';

/** What the records of an incident can differ on (app/disagreements-answer.ts, Difference). */
export type DisagreementField = 'deaths' | 'date' | 'province' | 'perpetrator';

/** The events a filter holds: how many, their sources and their first and last start date (null when none). */
export interface EventScope {
  events: number;
  sources: string[];
  first: string | null;
  last: string | null;
}

/** One disagreements request over stored runs (current events only, the default linkage parameters). */
export interface DisagreementsQuery {
  filter: EventFilter;
  /** The stored runs holding the filter's events (current). */
  runIds: readonly number[];
  /** Deaths (best) may differ by this share of the larger figure, and always by 2; start dates by `days`. */
  tolerances: { deathsShare: number; days: number };
  /** Only incidents that differ on this (null: on anything). */
  differ: DisagreementField | null;
  /** At most this many incidents in the page (and only-in records). */
  limit: number;
  /** The source whose lone records to list (null: none). */
  onlyIn: string | null;
  /** The sources compared (with events, or covering part of the period). */
  compared: readonly string[];
  /** What each compared source covers: a day and a country (any, when a record names none). */
  coverage: readonly { source: string; firstDate: string; lastDate: string; countries: readonly string[] }[];
  /** The groups each registry actor id stands for as a perpetrator (an id not listed is its own group). */
  perpetratorGroups: Readonly<Record<string, readonly string[]>>;
}

/** One record as an answer lists it (app/disagreements-answer.ts, IncidentRecord, before its values are typed). */
export interface DisagreementRecord {
  id: string;
  source: string;
  source_version: string;
  date_start: string;
  admin1_code: string | null;
  place: string | null;
  fatalities_best: number | null;
  actors: string[] | null;
}

/** What the store tallies of a disagreements request. */
export interface DisagreementsTally {
  /** Incidents (single records included), those of two or more records, and of these the ones that disagree. */
  incidents: number;
  multiSource: number;
  disagreeingTotal: number;
  /** The disagreeing incidents, largest death toll first then by id, at most `limit`: records by id, the stored incident's records the filter leaves out. */
  page: { id: string; records: DisagreementRecord[]; differ: DisagreementField[]; outside: string[] }[];
  /** Incidents of one record per source: all, those on days and in countries another compared source covers, those whose stored incident holds records the filter leaves out. */
  single: { source: string; incidents: number; whereOthersCover: number; linkedOutside: number }[];
  /** The first five lone records linked outside the filter (by id), with the records left out. */
  linkedOutside: { id: string; outside: string[] }[];
  /** With `onlyIn`: how many of its lone records another compared source covers, and the first `limit` (largest death toll first, then date and id) with those sources. */
  onlyIn: { total: number; records: (DisagreementRecord & { notIn: string[] })[] } | null;
  /** Per month, source and other compared source: records, those the other covers, and of these the ones sharing an incident with it. */
  coverage: {
    month: string;
    source: string;
    other: string;
    records: number;
    covered: number;
    also: number;
  }[];
  /** Per stored run, source and version: the records, and their first and last start date. */
  basis: { runId: number; source: string; version: string; records: number; first: string; last: string }[];
}
