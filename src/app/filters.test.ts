import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { DESK_ADMIN1_CODES, type EventFilter, type StoreFilter } from '../domain/query.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { checkFilter, parseFilter } from './filters.ts';
import { ParamError } from '../domain/errors.ts';
import { flagNames } from '../cli/flag-names.ts';
import { filterText } from './briefing/build-briefing.ts';
import { canonicalJson } from './briefing/reproducibility.ts';

describe('parseFilter', () => {
  it('reads a year or a month as its first and last day (February 2024 has 29)', () => {
    assert.deepEqual(parseFilter({ from: '2021', to: '2021' }), { from: '2021-01-01', to: '2021-12-31' });
    assert.deepEqual(parseFilter({ from: '2024-02', to: '2024-02' }), {
      from: '2024-02-01',
      to: '2024-02-29',
    });
  });

  it('expands actor aliases and groups through the registry', () => {
    assert.deepEqual(parseFilter({ actor: 'Pakistani Taliban' }).actorIds?.sort(), [
      'jamaat-ul-ahrar',
      'ttp',
      'ttp-factions',
    ]);
    assert.throws(() => parseFilter({ actor: 'Talban' }), {
      message: 'unknown actor: "Talban" (nearest: Taleban, Taliban, BLA, UBA, BLF; see docs/actors.md)',
    });
  });

  it('refuses a bad month, a reversed period and a bad country with one line each', () => {
    assert.throws(() => parseFilter({ from: '2021-13' }), {
      message: 'invalid date for from: "2021-13" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    });
    // A quarter, a week or slashes are no date of a filter: the refusal names the shapes that are.
    for (const to of ['2021-Q3', '2021-W40', '2021/08/01', '2021-8'])
      assert.throws(() => parseFilter({ to }), {
        message: `invalid date for to: "${to}" (use a year 2021, a month 2021-03 or a day 2021-03-07)`,
      });
    assert.throws(() => parseFilter({ from: '2021-02-30' }), {
      message: 'invalid date for from: "2021-02-30" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    });
    // Year 0000 is no date (it was taken: `from=0000` asked a day series for 740,000 days).
    for (const from of ['0000', '0000-01', '0000-01-01'])
      assert.throws(() => parseFilter({ from }), {
        message: `invalid date for from: "${from}" (dates start at year 0001)`,
      });
    assert.deepEqual(parseFilter({ from: '0001', to: '0004-02-29' }), {
      from: '0001-01-01',
      to: '0004-02-29',
    });
    // A period that ends before it starts quotes its ends as typed, named as each surface names them.
    assert.throws(() => parseFilter({ from: '2021-05', to: '2021-04' }), {
      message: 'invalid period: from "2021-05" is after to "2021-04"',
    });
    assert.throws(
      () => parseFilter({ from: '2026', to: '2025' }),
      (e) =>
        e instanceof ParamError &&
        e.naming(flagNames()) === 'invalid period: --from "2026" is after --to "2025"',
    );
    assert.throws(() => parseFilter({ country: 'Pakistan' }), {
      message: 'invalid country: "Pakistan" (use an ISO 3166-1 alpha-3 code such as PAK)',
    });
  });

  it('refuses an empty value instead of reading it as no filter (an unset $DISTRICT is not the whole country)', () => {
    assert.throws(() => parseFilter({ admin1: '' }), {
      message: 'invalid admin1: "" (give one or more values, comma-separated)',
    });
    assert.throws(() => parseFilter({ admin2: ' ' }), { message: /^invalid admin2: " " / });
    assert.throws(() => parseFilter({ from: '' }), {
      message: 'invalid date for from: "" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    });
    assert.throws(() => parseFilter({ exact: '' }), {
      message: 'invalid exact: "" (use true, false, yes, no, 1 or 0)',
    });
    assert.throws(() => parseFilter({ country: 'PAK,' }), {
      message:
        'invalid country: "PAK," (an empty item between commas: give each value once, comma-separated)',
    });
    assert.throws(() => parseFilter({ admin1: 'PK-KP,,PK-BA' }), {
      message: /^invalid admin1: "PK-KP,,PK-BA" /,
    });
  });
});

describe('checkFilter', () => {
  it('reads the values loaded data use only for a value nothing else settles, and refuses one it does not hold', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      let reads = 0;
      const read = store.filterValues.bind(store);
      store.filterValues = () => {
        reads++;
        return read();
      };
      const dated = { from: '2020-01-01', to: '2021-12-31', actorIds: ['ttp'] };
      assert.deepEqual(await checkFilter(store, dated), dated);
      assert.equal(reads, 0, 'dates and actors are checked without the store');
      const coded = { country: ['PAK', 'AFG'], type: ['battle'], source: ['faultline-desk'] };
      assert.deepEqual(await checkFilter(store, coded), coded);
      assert.equal(reads, 0, 'ISO country codes, common types and the desk need no read either');
      await assert.rejects(
        checkFilter(store, { source: ['no-such-source'] }),
        /^InvalidInputError: unknown source: "/,
      );
      assert.equal(reads, 1);
    } finally {
      await store.close();
    }
  });

  it('a district of the bundled boundaries is known with no event loaded there; a misspelt one names the nearest', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      // An empty store: no event names any district, and the boundaries still know them.
      for (const d of ['Deh Bala', 'lakki marwat', 'Khost(Matun)'])
        assert.deepEqual(await checkFilter(store, { admin2: [d] }), { admin2: [d] }, d);
      await assert.rejects(checkFilter(store, { admin2: ['Deh Balaa'] }), {
        message: /^unknown admin2: "Deh Balaa" \(nearest: Deh Bala, /,
      });
    } finally {
      await store.close();
    }
  });
});

describe('codes and types in any case', () => {
  it('parse to the code and the common type as the store holds them', () => {
    assert.deepEqual(parseFilter({ admin1: 'pk-kp,Khyber pakhtunkhwa', type: 'BATTLE,Check' }), {
      admin1: ['PK-KP', 'Khyber pakhtunkhwa'],
      // The province the label names, which published desk events placed there match it by.
      [DESK_ADMIN1_CODES]: ['PK-KP'],
      type: ['battle', 'Check'],
    });
  });

  it('match the same events as the codes and types written as the store holds them', async () => {
    const store = await DuckDBStore.open(await bundledStoreCopy());
    try {
      const count = (f: EventFilter) => store.countEvents(f);
      // Past the parser too (a filter built in code): the store's own filter takes any case.
      for (const [written, held] of [
        [{ admin1: ['pk-kp'] }, { admin1: ['PK-KP'] }],
        [{ type: ['BATTLE'] }, { type: ['battle'] }],
        [{ admin2: ['KP_LAKKI_MARWAT'] }, { admin2: ['kp_lakki_marwat'] }],
        [{ admin2: ['LAKKI MARWAT'] }, { admin2: ['Lakki Marwat'] }],
      ] as [EventFilter, EventFilter][]) {
        const n = await count(held);
        assert.ok(n > 0, JSON.stringify(held));
        assert.equal(await count(written), n, JSON.stringify(written));
      }
    } finally {
      await store.close();
    }
  });
});

describe('the province a label names, for desk events', () => {
  it('is kept through spreads for the store, and never shown where a filter is echoed (JSON, keys, briefing text and id inputs)', () => {
    const f = parseFilter({ admin1: 'Balochistan province', country: 'PAK' });
    assert.deepEqual((f as StoreFilter)[DESK_ADMIN1_CODES], ['PK-BA']);
    assert.deepEqual(({ ...f, from: '2021-01-01' } as StoreFilter)[DESK_ADMIN1_CODES], ['PK-BA']);
    // A field named deskAdmin1Codes showed in briefings' filter text and changed their id's inputs.
    assert.equal(JSON.stringify(f), '{"country":["PAK"],"admin1":["Balochistan province"]}');
    assert.deepEqual(Object.keys(f), ['country', 'admin1']);
    assert.equal(filterText(f), 'filters: country PAK; admin1 Balochistan province');
    assert.equal(
      canonicalJson({ filter: f }),
      '{"filter":{"admin1":["Balochistan province"],"country":["PAK"]}}',
    );
    // A code names its province itself: nothing to add.
    assert.equal((parseFilter({ admin1: 'PK-BA' }) as StoreFilter)[DESK_ADMIN1_CODES], undefined);
  });
});
