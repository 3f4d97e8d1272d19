import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evidence, type Evidence } from './evidence.ts';
import { preferredMatch, preferSources } from './preferred-sources.ts';
import { decide } from './verdict.ts';

const figure = (source: string, outcome: Evidence['outcome'], value: number) =>
  evidence({ source, kind: 'statistic', version: 'v', measure: 'returns', outcome, value, reason: 'r' });

describe('preferred sources', () => {
  it('match a source by its whole name in any case, or the organisation by the words of its name (not IOMX)', () => {
    assert.deepEqual(
      [
        ['CRSS', 'crss'],
        ['IOM (DTM Pakistan)', 'iom (dtm pakistan)'],
        ['IOM (DTM Pakistan)', 'IOM'],
        ['IOM DTM', 'iom'],
        ['ucdp-ged', 'ucdp'],
        ['ucdp-candidate', 'UCDP'],
        ['UNHCR-IOM (reported by ANI/Dawn)', 'IOM'],
        ['IOMX', 'IOM'],
        ['Border Consortium (IOM-led)', 'IOM'],
        ['ucdp-ged', 'ucdp-candidate'],
        // A name with brackets is that publication alone, not every IOM figure.
        ['IOM (reported by KabulNow)', 'IOM (DTM Pakistan)'],
      ].map(([source, given]) => preferredMatch(source!, given!)),
      [
        'name',
        'name',
        'organisation',
        'organisation',
        'organisation',
        'organisation',
        'organisation',
        null,
        null,
        null,
        null,
      ],
    );
  });

  it('`IOM` makes figures published by "IOM (DTM Pakistan)" decide, and says which matched and how', () => {
    const items = [figure('IOM (DTM Pakistan)', 'holds', 501_242), figure('UNHCR', 'fails', 760_000)];
    // Matched by exact text only, IOM was no source here: UNHCR's figure counted and the claim was partly supported.
    const p = preferSources(items, ['IOM']);
    assert.deepEqual(
      p.items.map((e) => [e.source, e.role, e.notes]),
      [
        ['IOM (DTM Pakistan)', 'decisive', ['a preferred source (IOM: the organisation in its name)']],
        ['UNHCR', 'context', []],
      ],
    );
    assert.equal(p.sentence, null);
    assert.equal(decide(p.items).verdict, 'supported');
    assert.deepEqual(
      preferSources(items, ['unhcr']).items.map((e) => [e.role, e.notes]),
      [
        ['context', []],
        ['decisive', ['a preferred source (unhcr: the whole name)']],
      ],
    );
  });

  it('one that matches no source of the figures is named in the explanation, not ignored without a word', () => {
    const items = [figure('IOM (DTM Pakistan)', 'holds', 501_242), figure('UNHCR', 'fails', 760_000)];
    const none = preferSources(items, ['IOMX']);
    assert.deepEqual(none.items, items);
    assert.equal(
      none.sentence,
      "Preferred source IOMX matches none of the sources of this claim's figures (IOM (DTM Pakistan); UNHCR): every source counts.",
    );
    const some = preferSources(items, ['PIPS', 'iom', 'ACLED']);
    assert.equal(
      some.sentence,
      "Preferred sources PIPS, ACLED match none of the sources of this claim's figures (IOM (DTM Pakistan); UNHCR): iom decides when it can answer.",
    );
    assert.deepEqual(
      some.items.map((e) => e.role),
      ['decisive', 'context'],
    );
  });
});
