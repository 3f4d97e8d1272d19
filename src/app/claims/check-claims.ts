/**
 * The claims use cases: read a claim file (names of provinces resolved to codes), gather what the
 * store holds that can answer claims, and check them. Drafts are not checked (verdict
 * not_checkable, saying so), so a file can mix confirmed claims and drafts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkClaimList } from '../../claims/check-claim.ts';
import { claimFileError, parseClaimFile } from '../../claims/claim-file.ts';
import { dayRange, parseSpecPeriod } from '../../claims/claim-periods.ts';
import { rankSet } from '../../claims/claim-rank.ts';
import { resolveClaim } from '../../claims/resolved-claim.ts';
import type { ClaimSources } from '../../claims/claim-sources.ts';
import {
  asList,
  countriesOf,
  PUBLISHED_ONLY_METRICS,
  type ClaimFile,
  type ClaimSpec,
  type SpecGeography,
} from '../../claims/claim-spec.ts';
import type { ClaimResult } from '../../claims/evidence.ts';
import type { ClaimStatistic } from '../../claims/statistic-figures.ts';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { resolveAdmin1Label } from '../../geo/admin-labels.ts';
import type { Store } from '../../storage/store.ts';
import type { ClaimsAnswer } from '../answers.ts';
import { checkReadableFile } from '../readable-file.ts';
import { relationsFigures } from './relations-figures.ts';
import { storeEventOracle } from './store-event-oracle.ts';
import { withoutSuperseded } from '../../domain/superseded-coverage.ts';

/** A claim file as read: its specs (admin-1 names resolved to codes), name (null: sent without one) and sha256. */
export interface LoadedClaims<Name extends string | null = string> {
  fileName: Name;
  sha256: string;
  file: ClaimFile;
}

/**
 * Reads and validates a claim file (YAML or JSON); one-line errors name the file and the field. A
 * missing file is bad input, as for every command that reads a file (`no such file: "x"`, exit 2).
 */
export async function loadClaimFile(path: string): Promise<LoadedClaims> {
  checkReadableFile(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InvalidInputError(
      `cannot read ${quoteValue(path)}: ${(e as NodeJS.ErrnoException).code ?? oneLine(e)}`,
    );
  }
  return parseClaims(bytes.toString('utf8'), basename(path));
}

/** Parses claim text (YAML or JSON) and resolves admin-1 names in it; `fileName` null for text sent without a name. */
export function parseClaims<Name extends string | null>(text: string, fileName: Name): LoadedClaims<Name> {
  const file = parseClaimFile(text, fileName);
  const claims = file.claims.map((c) => resolvePlaces(c, fileName));
  for (const c of claims) {
    try {
      const r = resolveClaim(c);
      const p = parseSpecPeriod(c.period);
      if (c.baseline) parseSpecPeriod(c.baseline);
      // A rank over an empty set is an error in the file, not a verdict.
      if (c.comparator.kind === 'rank') {
        if (p.to === null)
          throw new InvalidInputError(
            `claim ${quoteValue(c.id)}: rank needs a closed period, not ${quoteValue(p.label)}`,
          );
        rankSet(c, r.scope, dayRange(p.from, p.to, p.label));
      }
    } catch (e) {
      if (e instanceof InvalidInputError)
        throw claimFileError(
          fileName,
          `${e.message.startsWith('claim ') ? '' : `claim ${quoteValue(c.id)}: `}${e.message}`,
        );
      throw e;
    }
  }
  return { fileName, sha256: createHash('sha256').update(text).digest('hex'), file: { ...file, claims } };
}

/** The statistics, coverage and event oracle of a store. */
export async function claimSources(store: Store): Promise<ClaimSources> {
  const statistics: ClaimStatistic[] = (await store.listStatistics()).map((s) => ({
    ...s,
    admin1Code:
      s.admin1 === null || s.country === null
        ? null
        : (resolveAdmin1Label(s.country, s.admin1)?.code ?? s.admin1),
  }));
  // Claims are checked against the datasets only: desk events are analysts' reports, not a systematic source.
  // Candidate versions cover only the days no final GED release covers: over the others their
  // events are superseded and count 0, so they must not answer there.
  const loaded = (await store.coverage())
    .filter((c) => c.source !== 'faultline-desk')
    .map((c) => ({
      source: c.source,
      version: c.version,
      firstDate: c.firstDate,
      lastDate: c.lastDate,
      countries: c.countries,
    }));
  return {
    statistics,
    coverage: withoutSuperseded(loaded),
    candidateSpans: loaded.filter((c) => c.source === 'ucdp-candidate'),
    events: storeEventOracle(store),
    relations: (a, b, from, to) => relationsFigures(store, a, b, from, to),
  };
}

/**
 * The claims with `dedupe: true` set on each one counted from events (`claims check --dedupe`, the
 * API's `dedupe=true`); claims on published-only metrics or an index are left as they are. A claim
 * that cannot be deduplicated (it names a counterpart) is an error naming it.
 */
export function withDedupe<Name extends string | null>(loaded: LoadedClaims<Name>): LoadedClaims<Name> {
  const claims = loaded.file.claims.map((c) => {
    if (PUBLISHED_ONLY_METRICS.includes(c.metric) || c.metric === 'relations_index') return c;
    if (c.counterpart !== undefined || c.share_of?.counterpart !== undefined)
      throw claimFileError(
        loaded.fileName,
        `claim ${quoteValue(c.id)}: --dedupe cannot apply to it: a deduplicated count cannot also require a counterpart (counterpart events are read record by record)`,
      );
    return { ...c, dedupe: true };
  });
  return { ...loaded, file: { ...loaded.file, claims } };
}

/** Checks every claim of a file against the store. */
export async function checkClaims(store: Store, claims: readonly ClaimSpec[]): Promise<ClaimResult[]> {
  return checkClaimList(claims, await claimSources(store));
}

function resolvePlaces(c: ClaimSpec, fileName: string | null): ClaimSpec {
  const geo = (g: SpecGeography): SpecGeography => {
    const units = asList(g.admin1);
    if (!units.length) return g;
    return {
      ...g,
      admin1: units.map((u) => {
        const countries = countriesOf(g);
        const hit = countries.map((k) => resolveAdmin1Label(k, u)).find((h) => h);
        if (!hit)
          throw claimFileError(
            fileName,
            `claim ${quoteValue(c.id)}: unknown admin-1 unit for ${countries.join(' or ')}: ${quoteValue(u)}`,
          );
        return hit.code;
      }),
    };
  };
  const out: ClaimSpec = { ...c, geography: geo(c.geography) };
  if (c.share_of?.geography) out.share_of = { ...c.share_of, geography: geo(c.share_of.geography) };
  if (c.among?.admin1) out.among = { admin1: geo({ ...c.geography, admin1: c.among.admin1 }).admin1! };
  return out;
}

/** The answer to a claim check (API and `--format json`); a file sent without a name has no `name`. */
export function claimsAnswer(loaded: LoadedClaims<string | null>, results: ClaimResult[]): ClaimsAnswer {
  return {
    file:
      loaded.fileName === null ? { sha256: loaded.sha256 } : { name: loaded.fileName, sha256: loaded.sha256 },
    claims: loaded.file.claims,
    results,
    desk_events: 'excluded',
  };
}
