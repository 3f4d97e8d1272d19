/**
 * Claim specs: a quantitative claim written down precisely enough to check (what is counted, under
 * which definition, where, when, by whom, and how the claim's words bound the number). The zod
 * schema is the one source of truth; docs/claim-spec.schema.json is generated from it.
 */
import { z } from 'zod';

/**
 * What a claim counts; casualties are deaths plus injured. Returns and deportations (people, from
 * published indicator series only) are counted from `geography.country` (to `geography.to`).
 */
export const CLAIM_METRICS = [
  'events',
  'attacks',
  'deaths',
  'injured',
  'casualties',
  'returns',
  'deportations',
  'relations_index',
] as const;
/** Claim metrics only published figures answer (no event dataset counts them). */
export const PUBLISHED_ONLY_METRICS: readonly ClaimMetric[] = ['returns', 'deportations'];
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

/** Comparators bounding one figure. */
export const VALUE_KINDS = [
  'about',
  'nearly',
  'exactly',
  'at_least',
  'more_than',
  'over',
  'at_most',
  'less_than',
  'between',
] as const;
/**
 * Vague quantities, each a documented range (tolerances.ts VAGUE_RANGES): "dozens" 24 to 99,
 * "hundreds" and "several hundred" 200 to 999, "thousands" 2,000 to 9,999.
 */
export const VAGUE_KINDS = [
  'dozens',
  'hundreds',
  'several_hundred',
  'thousands',
  'several_thousand',
  'tens_of_thousands',
  'hundreds_of_thousands',
] as const;
/** Comparators about the change between a baseline period and the claim's period. */
export const CHANGE_KINDS = [
  'increase',
  'decrease',
  'surge',
  'alarming_increase',
  'sharp_decrease',
  'plunge',
  'rate_ratio',
] as const;
/** Comparators of a part against its whole (`share_of`): a stated percentage, or more than half. */
export const SHARE_KINDS = ['share', 'majority'] as const;
/** Comparators a relations_index claim may use (the index is signed: a bound, or a change as a difference of means: increase improved, decrease worsened). */
export const RELATIONS_KINDS = [
  'at_least',
  'more_than',
  'over',
  'at_most',
  'less_than',
  'increase',
  'decrease',
] as const;
/** Every comparator. */
export const COMPARATOR_KINDS = [
  ...VALUE_KINDS,
  ...VAGUE_KINDS,
  ...CHANGE_KINDS,
  ...SHARE_KINDS,
  'rank',
] as const;
export type ComparatorKind = (typeof COMPARATOR_KINDS)[number];
export type ValueKind = (typeof VALUE_KINDS)[number];
export type VagueKind = (typeof VAGUE_KINDS)[number];
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Whether a comparator kind is one of `kinds`. */
export function isKind<K extends string>(kinds: readonly K[], kind: string): kind is K {
  return (kinds as readonly string[]).includes(kind);
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date YYYY-MM-DD');

/** A period key (2023, 2023-Q4, 2023-08), a range FROM..TO, or {from, to}; without `to` it runs to the end of the data. */
const period = z.union([
  z
    .string()
    .min(4)
    .describe(
      'a period key (2023, 2023-Q4, 2023-08, 2023-W05, 2023-08-15), a range FROM..TO of keys or dates (2011..2020, 2021-08-15..2022-08-14), or an open range FROM.. (2021-08..)',
    ),
  z
    .object({
      from: date.describe('first day'),
      to: date
        .optional()
        .describe('last day; omitted, the period runs to made_on, or to the last day each source covers'),
    })
    .strict(),
]);

const names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const iso3 = z.string().regex(/^[A-Z]{3}$/, 'use an ISO 3166-1 alpha-3 code such as PAK');

const geography = z
  .object({
    country: z
      .union([iso3, z.array(iso3).min(1)])
      .describe('ISO 3166-1 alpha-3, or several (PAK and AFG together: [PAK, AFG])'),
    to: z
      .string()
      .regex(/^[A-Z]{3}$/, 'use an ISO 3166-1 alpha-3 code such as AFG')
      .optional()
      .describe('returns and deportations: the country people went to (ISO3); default any'),
    admin1: names
      .optional()
      .describe(
        'admin-1 units as ISO 3166-2 codes (PK-KP) or names (Balochistan); several are added together',
      ),
    border_zone: z
      .boolean()
      .optional()
      .describe(
        'events only: within the border zone (FAULTLINE_BORDER_ZONE_KM of the Afghanistan-Pakistan border)',
      ),
    max_border_km: z
      .number()
      .positive()
      .optional()
      .describe('events only: within this many km of the Afghanistan-Pakistan border'),
  })
  .strict();

const definition = z
  .object({
    militants: z
      .enum(['included', 'excluded', 'any'])
      .default('any')
      .describe('whether militants killed or injured count'),
    operations: z
      .enum(['included', 'excluded', 'any'])
      .default('any')
      .describe('whether security operations (not only attacks) count'),
    victims: z
      .enum(['all', 'civilians', 'security_forces', 'militants'])
      .default('all')
      .describe('whose deaths or injuries count'),
  })
  .strict();

const tolerance = z
  .object({
    below: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('largest shortfall below the stated number, as a share of it (nearly: 0.1)'),
    above: z
      .number()
      .min(0)
      .max(10)
      .optional()
      .describe('largest excess above the stated number, as a share of it (about: 0.1)'),
    min_ratio: z
      .number()
      .positive()
      .optional()
      .describe('smallest rate ratio (later over earlier) an increase word allows (surge: 1.5)'),
    max_ratio: z
      .number()
      .positive()
      .optional()
      .describe('largest rate ratio a decrease allows (decrease: below 1)'),
    points: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('largest gap, in percentage points, between a stated and a measured share'),
    require_significance: z
      .boolean()
      .optional()
      .describe('whether a change in counts of events must be statistically significant'),
    confidence: z.number().gt(0).lt(1).optional().describe('confidence level of rate-ratio intervals (0.95)'),
  })
  .strict();

const comparator = z
  .object({
    kind: z
      .enum(COMPARATOR_KINDS)
      .describe('how the claim bounds the figure; see docs/claims.md for what each word means'),
    value: z
      .number()
      .optional()
      .describe(
        'the stated number: a count, a ratio (rate_ratio), a percentage (share), or the low end (between)',
      ),
    max: z.number().optional().describe('between only: the high end of the stated range'),
    order: z.enum(['highest', 'lowest']).optional().describe('rank only: highest or lowest'),
  })
  .strict();

const among = z
  .object({
    before: z
      .number()
      .int()
      .optional()
      .describe('the N periods of the same kind just before period ("lowest in a decade": 10 years)'),
    since: z
      .string()
      .optional()
      .describe('the periods of the same kind after this one, up to period ("highest since 2013": 2014 on)'),
    periods: z.array(z.string().min(4)).optional().describe('these period keys or ranges'),
    admin1: names.optional().describe('these admin-1 units, in the same period (the claim names one unit)'),
    country: z.array(iso3).optional().describe('these countries, in the same period (the claim names one)'),
  })
  .strict();

/** One claim. */
export const ClaimSpecSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash or underscore')
      .describe('stable id'),
    text: z.string().min(1).describe("the claim's words (a paraphrase, or a few words quoted)"),
    status: z
      .enum(['draft', 'confirmed'])
      .default('confirmed')
      .describe('drafts (from claims extract) are not checked until confirmed'),
    metric: z
      .enum(CLAIM_METRICS)
      .describe(
        'events, attacks, deaths, injured, casualties (deaths plus injured), returns or deportations (people, from published series), or relations_index (mean daily value of a relations index for the pair geography.country and geography.to)',
      ),
    definition: definition.optional(),
    geography,
    period: period.describe('the period the claim is about (for a change, the later one)'),
    baseline: period
      .optional()
      .describe(
        'the earlier period a change is measured against; default the same length just before period',
      ),
    made_on: date.optional().describe('when the claim was made; ends open periods ("since August 2021")'),
    actor: names
      .optional()
      .describe('actor or group the events must involve (registry names and aliases, docs/actors.md)'),
    counterpart: names
      .optional()
      .describe(
        'a second actor or group the events must also involve (e.g. pakistan-state for attacks on security forces)',
      ),
    dyad: z
      .string()
      .min(3)
      .optional()
      .describe(
        'this side against that side, A:B: events with one side in A and the other in B (registry names, aliases or groups: pakistan:afghanistan)',
      ),
    comparator,
    among: among
      .optional()
      .describe(
        'rank only: what period or place the claim ranks against (one of before, since, periods, admin1, country)',
      ),
    share_of: z
      .object({ geography: geography.optional(), actor: names.optional(), counterpart: names.optional() })
      .strict()
      .optional()
      .describe(
        'for share and majority: the whole, as the claim with these fields replaced (default: the country, all actors); it must contain the part',
      ),
    tolerance: tolerance.optional().describe("overrides of the comparator's default tolerance"),
    dedupe: z
      .boolean()
      .optional()
      .describe(
        'count one per incident across the loaded event datasets (records linked as one incident count once, docs/linkage.md), as series --dedupe does; the datasets answer as one source',
      ),
    attributed_to: z
      .string()
      .min(1)
      .optional()
      .describe(
        'the organisation the claim says gave its figure ("IOM said ...": IOM): its loaded figures are checked first and decide when one can answer; each figure says whose it is',
      ),
    preferred_sources: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'sources whose figures decide the verdict when they can answer (CRSS, PIPS, ucdp-ged, ...): a name in any case, or an organisation by the words of its name (IOM is "IOM (DTM Pakistan)", ucdp is ucdp-ged and ucdp-candidate); a name with brackets is that source alone; one that matches no figure is named in the explanation',
      ),
    notes: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const k = c.comparator.kind;
    if (c.dedupe && (c.counterpart !== undefined || c.share_of?.counterpart !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['dedupe'],
        message:
          'a deduplicated count cannot also require a counterpart (counterpart events are read record by record); drop one of them',
      });
    if (c.dedupe && (PUBLISHED_ONLY_METRICS.includes(c.metric) || c.metric === 'relations_index'))
      ctx.addIssue({
        code: 'custom',
        path: ['dedupe'],
        message: `dedupe applies to counts of events, not to ${c.metric}`,
      });
    const needsValue = isKind(VALUE_KINDS, k) || k === 'rate_ratio' || k === 'share';
    if (k === 'between' && (c.comparator.max === undefined || c.comparator.max < (c.comparator.value ?? 0)))
      ctx.addIssue({
        code: 'custom',
        path: ['comparator', 'max'],
        message: 'between needs a max of at least its value',
      });
    if (k !== 'between' && c.comparator.max !== undefined)
      ctx.addIssue({ code: 'custom', path: ['comparator', 'max'], message: 'max applies only to between' });
    if (k === 'rank' && c.comparator.order === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['comparator', 'order'],
        message: 'rank needs order: highest or lowest',
      });
    if (k !== 'rank' && c.comparator.order !== undefined)
      ctx.addIssue({ code: 'custom', path: ['comparator', 'order'], message: 'order applies only to rank' });
    if (k === 'rank' && c.among === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['among'],
        message: 'rank needs among: before, since, periods, admin1 or country',
      });
    if (k !== 'rank' && c.among !== undefined)
      ctx.addIssue({ code: 'custom', path: ['among'], message: 'among applies only to rank' });
    if (c.among && Object.keys(c.among).length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['among'],
        message: 'among takes exactly one of before, since, periods, admin1, country',
      });
    if (needsValue && c.comparator.value === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['comparator', 'value'],
        message: `${c.comparator.kind} needs a value`,
      });
    if (!needsValue && c.comparator.value !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['comparator', 'value'],
        message: `${c.comparator.kind} takes no value`,
      });
    if (c.comparator.value !== undefined && c.comparator.value < 0 && c.metric !== 'relations_index')
      ctx.addIssue({
        code: 'custom',
        path: ['comparator', 'value'],
        message: `must be 0 or more (only relations_index may be negative)`,
      });
    if (Array.isArray(c.geography.country) && (c.metric === 'relations_index' || c.geography.to))
      ctx.addIssue({
        code: 'custom',
        path: ['geography', 'country'],
        message: 'a pair (geography.to, relations_index) takes one country',
      });
    if (c.metric === 'relations_index') {
      if (!c.geography.to)
        ctx.addIssue({
          code: 'custom',
          path: ['geography', 'to'],
          message: 'relations_index needs the pair: geography.country and geography.to',
        });
      if (!(RELATIONS_KINDS as readonly string[]).includes(c.comparator.kind))
        ctx.addIssue({
          code: 'custom',
          path: ['comparator', 'kind'],
          message: `relations_index takes ${RELATIONS_KINDS.join(', ')}`,
        });
    }
    if (c.baseline !== undefined && !(CHANGE_KINDS as readonly string[]).includes(c.comparator.kind))
      ctx.addIssue({
        code: 'custom',
        path: ['baseline'],
        message: `a baseline applies only to change comparators (${CHANGE_KINDS.join(', ')})`,
      });
    if (c.share_of !== undefined && !isKind(SHARE_KINDS, c.comparator.kind))
      ctx.addIssue({
        code: 'custom',
        path: ['share_of'],
        message: 'share_of applies only to the share and majority comparators',
      });
  });

/** A claim file: the claims and, optionally, the document they come from. */
export const ClaimFileSchema = z
  .object({
    document: z
      .object({
        title: z.string().optional(),
        author: z.string().optional(),
        published: z.string().optional(),
        url: z.string().optional(),
      })
      .strict()
      .optional()
      .describe('the essay, speech or report the claims come from'),
    claims: z.array(ClaimSpecSchema).min(1),
  })
  .strict();

/** A claim as validated (defaults applied). */
export type ClaimSpec = z.output<typeof ClaimSpecSchema>;
/** A claim as written (defaults optional). */
export type ClaimSpecInput = z.input<typeof ClaimSpecSchema>;
/** A claim file as validated. */
export type ClaimFile = z.output<typeof ClaimFileSchema>;
/** A period as written in a spec. */
export type SpecPeriod = ClaimSpec['period'];
/** The definition constraints with defaults. */
export type DefinitionConstraint = z.output<typeof definition>;
/** Tolerance overrides. */
export type ToleranceOverride = z.output<typeof tolerance>;
/** The geography of a spec. */
export type SpecGeography = z.output<typeof geography>;

/** The definition constraints of a spec, defaults filled in. */
export function definitionOf(spec: ClaimSpec): DefinitionConstraint {
  return spec.definition ?? { militants: 'any', operations: 'any', victims: 'all' };
}

/** The countries of a geography (one or several). */
export function countriesOf(g: { country: string | string[] }): string[] {
  return Array.isArray(g.country) ? g.country : [g.country];
}

/** A list from a name or names. */
export function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
