/**
 * The dashboard's counts of one in the singular: each message as its view fills it (the view's
 * call copied here), with a count of 1. They read "1 events match", "1 deaths", "1 days".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t } from '../../web/src/i18n/t.ts';

describe('the dashboard says a count of one in the singular', () => {
  it('the Events view: "1 event matches"', () => {
    assert.equal(t('events.total', { n: '1' }), '1 event matches');
    assert.equal(t('events.total', { n: '1,204' }), '1,204 events match');
  });

  it("the map's tooltip: one event and one death", () => {
    const deaths = (n: string) => t('count.deaths', { n });
    assert.equal(
      t('map.tooltip', { name: 'Kurram', n: '1', deaths: deaths('1') }),
      'Kurram: 1 event, 1 death',
    );
    assert.equal(
      t('map.tooltip', { name: 'Kurram', n: '2', deaths: deaths('0') }),
      'Kurram: 2 events, 0 deaths',
    );
  });

  it('Sources and Border: "1 of 1 figure", by the count of figures, not of those shown', () => {
    assert.equal(t('sources.figuresShown', { shown: '1', n: '1' }), '1 of 1 figure');
    assert.equal(t('sources.figuresShown', { shown: '1', n: '47' }), '1 of 47 figures');
    assert.equal(t('sources.figuresShown', { shown: '0', n: '0' }), '0 of 0 figures');
  });

  it('Compare: a side of one day', () => {
    assert.equal(t('compare.days', { n: '1' }), '1 day');
    assert.equal(t('compare.days', { n: '31' }), '31 days');
  });

  it('Actors: "1 event has no second side"', () => {
    const without = t('actors.withoutDyad', { n: '1' });
    assert.equal(
      t('actors.dyadsTotal', { shown: '20', total: '45', without }),
      '20 of 45 dyads; 1 event has no second side',
    );
    assert.equal(t('actors.withoutDyad', { n: '3' }), '3 events have no second side');
  });

  it('Border: one shorter gap of one day', () => {
    const short = (n: number, days: number) =>
      t('border.gaps.short', { n, days: t('count.days', { n: days }) });
    assert.equal(short(1, 1), 'and 1 shorter gap of under 4 weeks (1 day).');
    assert.equal(short(3, 9), 'and 3 shorter gaps of under 4 weeks (9 days in all).');
  });

  it('Disagreements: one record, one incident', () => {
    // As the view fills the summary: n is the incidents, records and incidents carry their nouns.
    const summary = (
      key: 'disagree.summary' | 'disagree.summaryUncompared',
      records: string,
      incidents: string,
    ) =>
      t(key, {
        n: incidents,
        records: t('count.records', { n: records }),
        sources: 'ucdp-ged',
        incidents: t('count.incidents', { n: incidents }),
        multi: '0',
        total: '0',
      });
    assert.equal(
      summary('disagree.summaryUncompared', '1', '1'),
      "1 record from ucdp-ged: 1 incident, which could not be set against another source's records",
    );
    assert.equal(
      summary('disagree.summaryUncompared', '3', '2'),
      "3 records from ucdp-ged: 2 incidents, none of them could be set against another source's records",
    );
    assert.equal(
      summary('disagree.summary', '1', '1'),
      '1 record from ucdp-ged: 1 incident, 0 reported by two or more sources, 0 disagreeing',
    );
  });

  it('Disagreements: a span of one month, and a date tolerance of one day', () => {
    assert.equal(t('disagree.spanMonths', { n: '1' }), '(1 month with records)');
    assert.equal(
      t('disagree.basis.stored', { runs: 'run 1', share: '10%', days: t('count.days', { n: '1' }) }),
      'Links stored after the imports: run 1. Tolerances: deaths 10% of the larger toll, dates 1 day.',
    );
    assert.match(
      t('disagree.basis.stored', { runs: 'r', share: 's', days: t('count.days', { n: '2' }) }),
      /dates 2 days\.$/,
    );
  });
});

describe('the dashboard groups a count given as a number, as the CLI and the API notes do', () => {
  it('a count of a thousand or more reads "1,000 of 7,330", the singular still chosen by the count', () => {
    assert.equal(t('events.csv.cut', { n: 1000, of: 7330 }), 'Download CSV (first 1,000 of 7,330 rows)');
    assert.equal(t('events.total', { n: 1 }), '1 event matches');
    assert.equal(t('events.total', { n: 4588 }), '4,588 events match');
  });

  it('an id is filled in as given, never grouped', () => {
    assert.equal(t('desk.created', { id: 1234 }), 'Draft 1234 saved.');
  });
});
