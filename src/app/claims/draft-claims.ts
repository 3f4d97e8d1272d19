/** The claim-drafting use case: prose in, a YAML claim file of drafts out (places resolved through the gazetteer and admin-1 names). */
import { stringify } from 'yaml';
import type { ClaimSpecInput } from '../../claims/claim-spec.ts';
import { draftClaims, type PlaceHit } from '../../claims/extract.ts';
import { resolveAdmin1Label } from '../../geo/admin-labels.ts';
import { resolvePlace } from '../../geo/gazetteer.ts';

// Towns below this size are left out: short capitalised words in prose match too many of them.
// UCDP's geocoded villages are kept whatever their size: their list leaves out common words and
// people's names (scripts/derive-ucdp-places.ts), and a claim naming one is about that very place.
const MIN_POPULATION = 50_000;

/**
 * A place resolver for the extractor: admin-1 names and codes of Pakistan and Afghanistan, then
 * large towns and the villages UCDP geocodes (noted, not used: claims are checked by province).
 */
export function gazetteerPlaces(phrase: string): PlaceHit | null {
  for (const country of ['PAK', 'AFG']) {
    const unit = resolveAdmin1Label(country, phrase);
    if (unit) return { name: unit.name, country, admin1Code: unit.code, kind: 'admin1' };
  }
  const town = resolvePlace(phrase).find(
    (p) =>
      p.kind === 'place' &&
      (p.matchedBy === 'ucdp' || (p.matchedBy !== 'spelling' && (p.population ?? 0) >= MIN_POPULATION)),
  );
  return town ? { name: town.name, country: town.country, admin1Code: town.admin1Code, kind: 'place' } : null;
}

/**
 * The drafts of a text as data (`claims extract --format json`, `POST /api/v1/claims/extract`): specs
 * in file order, every sentence without a draft with the reason, and the claim file (YAML) to edit.
 */
export interface DraftsAnswer {
  source: string;
  claims: Record<string, unknown>[];
  skipped: { line: number; sentence: string; reason: string }[];
  /** The drafts as a claim file (YAML, status: draft, skipped sentences as comments): what `claims extract` prints. */
  claim_file: string;
}

/** Drafts claims from a text as data. */
export function draftClaimsAnswer(text: string, sourceName: string): DraftsAnswer {
  const { drafts, skipped } = draftClaims(text, { resolvePlace: gazetteerPlaces });
  return {
    source: sourceName,
    claims: drafts.map((d) => ordered(d.spec)),
    skipped,
    claim_file: claimFileText(drafts, skipped, sourceName),
  };
}

/** Drafts claims from a text and prints them as a claim file (YAML) marked status: draft. */
export function draftClaimFile(
  text: string,
  sourceName: string,
): { yaml: string; drafts: number; skipped: number } {
  const { drafts, skipped } = draftClaims(text, { resolvePlace: gazetteerPlaces });
  return { yaml: claimFileText(drafts, skipped, sourceName), drafts: drafts.length, skipped: skipped.length };
}

/** The claim file of drafts: a comment header (what to check, the sentences skipped) and the specs. */
function claimFileText(
  drafts: ReturnType<typeof draftClaims>['drafts'],
  skipped: ReturnType<typeof draftClaims>['skipped'],
  sourceName: string,
): string {
  const head = [
    `# Claim drafts proposed by faultline (claims extract) from ${sourceName}.`,
    '# Check every field against the text (metric, definition, geography, period, actor, comparator),',
    '# then set status: confirmed. Drafts are not checked: `faultline claims check` reports them as',
    '# not_checkable. What the comparator words mean: docs/claims.md.',
    ...skipped.map(
      (s) =>
        `# skipped line ${s.line} (${s.reason}): ${s.sentence.length > 120 ? `${s.sentence.slice(0, 120)}... (cut at 120 characters)` : s.sentence}`,
    ),
  ].join('\n');
  const body = drafts.length
    ? stringify({ claims: drafts.map((d) => ordered(d.spec)) }, { lineWidth: 0 })
    : 'claims: []\n';
  return `${head}\n${body}`;
}

function ordered(s: ClaimSpecInput): Record<string, unknown> {
  const keys = [
    'id',
    'status',
    'text',
    'metric',
    'definition',
    'geography',
    'period',
    'baseline',
    'actor',
    'counterpart',
    'dyad',
    'comparator',
    'among',
    'share_of',
    'attributed_to',
    'notes',
  ] as const;
  return Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
}
