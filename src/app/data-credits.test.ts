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
