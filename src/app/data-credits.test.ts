import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourceLicence } from './data-credits.ts';

describe('the credit of a UCDP Candidate release', () => {
  it('cites the article UCDP asks of every Candidate release, and no yearly "Organized violence" article', () => {
    // It cited the 2025 "Organized violence" article (GED's) for every release, 2026's included.
    const credits = ['24.0.11', '25.0.1', '26.0.6', '26.0.7'].map(
      (v) => sourceLicence('ucdp-candidate', v).credit,
    );
    for (const c of credits) {
      assert.equal(
        c,
        'Uppsala Conflict Data Program (UCDP). Hegre, Croicu, Eck & Högbladh (2020), "Introducing the UCDP Candidate Events Dataset", Research & Politics 7(3)',
      );
      assert.doesNotMatch(c!, /Organized violence/);
    }
  });

  it("a GED release's credit still names that release's own article", () => {
    assert.match(sourceLicence('ucdp-ged', '22.1').credit!, /Davies, Pettersson & Öberg \(2022\)/);
    assert.match(
      sourceLicence('ucdp-ged', '25.1').credit!,
      /for 25\.1, the UCDP "Organized violence" article of that release/,
    );
  });
});

describe('the terms of a source version', () => {
  it('are null for a source faultline knows nothing of (a mapped CSV, desk events): only its owner knows them', () => {
    for (const source of ['csv', 'faultline-desk', 'my-incident-log'])
      assert.deepEqual(sourceLicence(source, '1'), {
        licence: null,
        licence_id: null,
        licence_url: null,
        credit: null,
      });
  });

  it('give an SPDX id only where SPDX lists the licence, and the URL of its text', () => {
    assert.deepEqual(
      [sourceLicence('acled', '2026-01').licence_id, sourceLicence('gdelt', 'x').licence_id],
      [null, null],
    );
    assert.deepEqual(
      [
        sourceLicence('gdelt-dyad-index', '8b71911').licence_id,
        sourceLicence('gdelt-dyad-index', '8b71911').licence_url,
      ],
      ['GPL-3.0-only', 'https://www.gnu.org/licenses/gpl-3.0.html'],
    );
  });
});
