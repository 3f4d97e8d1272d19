import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { isPreMergerFataLabel, resolveAdmin1Label, resolveAdmin2Label } from './admin-labels.ts';
import { nameKey } from './normalize.ts';
import { ADMIN1_UNITS, admin1UnitOfNaturalEarth } from './units.ts';

const code = (country: string, label: string | null) => resolveAdmin1Label(country, label)?.code ?? null;

describe('resolveAdmin1Label', () => {
  it('resolves every pre-2018 and variant Pakistani label to the current unit', () => {
    const cases: [string, string][] = [
      ['Federally Administered Tribal Areas', 'PK-KP'],
      ['FATA', 'PK-KP'],
      ['F.A.T.A.', 'PK-KP'],
      ['NWFP', 'PK-KP'],
      ['North-West Frontier Province', 'PK-KP'],
      ['Khyber Pakhtunkwa province', 'PK-KP'],
      ['Khyber Pakhtunkhwa', 'PK-KP'],
      ['KPK', 'PK-KP'],
      ['K.P.', 'PK-KP'],
      ['Baluchistan', 'PK-BA'],
      ['Balochistan province', 'PK-BA'],
      ['Sind', 'PK-SD'],
      ['Sindh province', 'PK-SD'],
      ['Punjab province', 'PK-PB'],
      ['Northern Areas', 'PK-GB'],
      ['Gilgit-Baltistan', 'PK-GB'],
      ['Azad Kashmir', 'PK-JK'],
      ['Azad Jammu & Kashmir', 'PK-JK'],
      ['AJK', 'PK-JK'],
      ['F.C.T.', 'PK-IS'],
      ['Islamabad Capital territory', 'PK-IS'],
    ];
    for (const [label, expected] of cases) assert.equal(code('PAK', label), expected, label);
  });

  it('maps each FATA agency and Frontier Region, with or without "agency", to PK-KP as historical FATA', () => {
    const labels = [
      'Bajaur agency',
      'Mohmand agency',
      'Khyber agency',
      'Orakzai agency',
      'Kurram agency',
      'North Waziristan',
      'South Waziristan agency',
      'Bajaur',
      'FR Kohat',
      'FR Peshawar',
      'FR Bannu - Mir Ali',
      'FR Tank - Jandola',
      'Frontier Region Dera Ismail Khan',
    ];
    for (const label of labels) {
      assert.deepEqual(
        resolveAdmin1Label('PAK', label),
        {
          code: 'PK-KP',
          name: 'Khyber Pakhtunkhwa',
          historicalUnit: 'FATA',
        },
        label,
      );
    }
    assert.equal(resolveAdmin1Label('PAK', 'Khyber Pakhtunkwa province')?.historicalUnit, null);
  });

  it('resolves Afghan spellings, including UCDP Candidate labels, case- and diacritic-insensitively', () => {
    const cases: [string, string][] = [
      ['Hirat province', 'AF-HER'],
      ['Herat', 'AF-HER'],
      ['Panjsher province', 'AF-PAN'],
      ['Panjshir', 'AF-PAN'],
      ['Paktya province', 'AF-PIA'],
      ['Paktia', 'AF-PIA'],
      ['Paktika province', 'AF-PKA'],
      ['Daykundi province', 'AF-DAY'],
      ['Daikundi', 'AF-DAY'],
      ['Nimroz', 'AF-NIM'],
      ['Nimruz', 'AF-NIM'],
      ['Sar-e Pul', 'AF-SAR'],
      ['Sari Pul', 'AF-SAR'],
      ['Urozgan', 'AF-URU'],
      ['Uruzgan', 'AF-URU'],
      ['Helmand', 'AF-HEL'],
      ['Hilmand', 'AF-HEL'],
      ['Jawzjan province', 'AF-JOW'],
      ['Jowzjan', 'AF-JOW'],
      ['KUNAR PROVINCE', 'AF-KNR'],
      ['Wilayat-e Kunar', 'AF-KNR'],
      ['Nūristān', 'AF-NUR'],
      ['Maidan Wardak', 'AF-WAR'],
    ];
    for (const [label, expected] of cases) assert.equal(code('AFG', label), expected, label);
  });

  it('gives Panjshir and Daykundi their own codes although Natural Earth names them Parwan and Uruzgan', () => {
    assert.equal(admin1UnitOfNaturalEarth('AFG-1769')?.code, 'AF-PAN');
    assert.equal(admin1UnitOfNaturalEarth('AFG-1753')?.code, 'AF-DAY');
    assert.equal(code('AFG', 'Parwan'), 'AF-PAR');
    assert.equal(code('AFG', 'Uruzgan'), 'AF-URU');
  });

  it('resolves every Natural Earth feature by its gn_name and name_en to the unit of its adm1_code', () => {
    const geojson = JSON.parse(
      readFileSync(new URL('../../data/boundaries/ne_10m_admin_1_pak_afg.geojson', import.meta.url), 'utf8'),
    ) as { features: { properties: Record<string, string> }[] };
    for (const { properties: p } of geojson.features) {
      const unit = admin1UnitOfNaturalEarth(p.adm1_code!)!;
      for (const label of [p.gn_name!, p.name_en!]) {
        // name_en of the two duplicated features still says Parwan / Urozgan.
        if (['AFG-1769', 'AFG-1753'].includes(p.adm1_code!) && label === p.name_en) continue;
        assert.equal(code(p.adm0_a3!, label), unit.code, `${p.adm1_code} ${label}`);
      }
    }
  });

  it('covers 41 units, 7 Pakistani and 34 Afghan, whose codes are Natural Earth ISO codes except the two fixed duplicates and the swapped Paktia and Paktika', () => {
    const geojson = JSON.parse(
      readFileSync(new URL('../../data/boundaries/ne_10m_admin_1_pak_afg.geojson', import.meta.url), 'utf8'),
    ) as { features: { properties: Record<string, string> }[] };
    // Natural Earth gives Paktia (AFG-3413) AF-PKA and Paktika (AFG-1759) AF-PIA; ISO 3166-2:AF the reverse.
    const fixed: Record<string, string> = {
      'AFG-1769': 'AF-PAN',
      'AFG-1753': 'AF-DAY',
      'PAK-1112': 'PK-KP',
      'AFG-3413': 'AF-PIA',
      'AFG-1759': 'AF-PKA',
    };
    for (const { properties: p } of geojson.features) {
      assert.equal(
        admin1UnitOfNaturalEarth(p.adm1_code!)!.code,
        fixed[p.adm1_code!] ?? p.iso_3166_2,
        p.adm1_code,
      );
    }
    assert.equal(ADMIN1_UNITS.filter((u) => u.country === 'PAK').length, 7);
    assert.equal(ADMIN1_UNITS.filter((u) => u.country === 'AFG').length, 34);
    assert.equal(new Set(ADMIN1_UNITS.map((u) => u.code)).size, 41);
  });

  it('resolves every non-empty adm_1 label of the UCDP Candidate 2026 files for its country', () => {
    for (const file of ['GEDEvent_v26_01_26_06_PAK_AFG.csv', 'GEDEvent_v26_0_7_PAK_AFG.csv']) {
      const rows = parse(readFileSync(new URL(`../../data/ucdp-candidate/${file}`, import.meta.url)), {
        columns: true,
      }) as Record<string, string>[];
      for (const row of rows.filter((r) => r.adm_1 !== '')) {
        const country = row.country === 'Afghanistan' ? 'AFG' : 'PAK';
        assert.notEqual(code(country, row.adm_1!), null, `${row.id} ${row.adm_1}`);
      }
    }
  });

  it('returns null for empty, unknown and other-country labels', () => {
    assert.equal(resolveAdmin1Label('PAK', null), null);
    assert.equal(resolveAdmin1Label('PAK', ''), null);
    assert.equal(resolveAdmin1Label('PAK', 'Atlantis province'), null);
    assert.equal(resolveAdmin1Label('PAK', 'Kabul'), null);
    assert.equal(resolveAdmin1Label('IND', 'Punjab'), null);
  });
});

describe('resolveAdmin2Label', () => {
  it('strips "district", "agency", GED\'s "Distrcit" typo and a trailing parenthesis', () => {
    assert.equal(resolveAdmin2Label('Peshawar district'), 'Peshawar');
    assert.equal(resolveAdmin2Label('North Waziristan agency'), 'North Waziristan');
    assert.equal(resolveAdmin2Label('Jafarabad Distrcit'), 'Jafarabad');
    assert.equal(resolveAdmin2Label('Fayzabad district (Badakhshan)'), 'Fayzabad');
    assert.equal(resolveAdmin2Label('Tere Zayi district (Alisher)'), 'Tere Zayi');
    assert.equal(resolveAdmin2Label('FR Kohat'), 'FR Kohat');
    assert.equal(resolveAdmin2Label('  '), null);
    assert.equal(resolveAdmin2Label(null), null);
  });
});

describe('isPreMergerFataLabel', () => {
  it('flags FATA, agencies and Frontier Regions always, bare agency names only before 2018-05-31, districts never', () => {
    assert.equal(isPreMergerFataLabel('Federally Administered Tribal Areas'), true);
    assert.equal(isPreMergerFataLabel('Khyber agency', '2021-06-01'), true);
    assert.equal(isPreMergerFataLabel('FR Kohat'), true);
    assert.equal(isPreMergerFataLabel('North Waziristan', '2018-05-30'), true);
    assert.equal(isPreMergerFataLabel('North Waziristan', '2018-05-31'), false);
    assert.equal(isPreMergerFataLabel('North Waziristan'), false);
    assert.equal(isPreMergerFataLabel('Bajaur district', '2010-01-01'), false);
    assert.equal(isPreMergerFataLabel('Peshawar district', '2010-01-01'), false);
  });
});

describe('nameKey', () => {
  it('ignores case, diacritics and punctuation', () => {
    assert.equal(nameKey('Jalālābād'), 'jalalabad');
    assert.equal(nameKey('D.I. Khan'), 'di khan');
    assert.equal(nameKey('Azad Jammu & Kashmir'), 'azad jammu and kashmir');
    assert.equal(nameKey('Pul-e ‘Alam'), 'pul e alam');
  });
});
