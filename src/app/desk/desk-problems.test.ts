import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_FIELDS } from './desk-input.ts';
import { deskProblems } from './desk-problems.ts';

describe('desk problems', () => {
  it("a day already begun in Pakistan is not in the future while UTC's day is behind; a time is compared as its instant", () => {
    // 01:30 on Saturday 28 November 2026 in Peshawar (+05:00) is 20:30 UTC on Friday 27.
    const now = '2026-11-27T20:30:00.000Z';
    const fields = { ...EMPTY_FIELDS, date_start: '2026-11-28', country: 'PAK' };
    const cite = (published_at: string) => [
      {
        url: 'https://news.example.org/synthetic/1',
        outlet: 'Synthetic Daily',
        published_at,
        quote: 'synthetic',
      },
    ];
    assert.deepEqual(deskProblems(fields, cite('2026-11-28T01:00:00+05:00'), now), []);
    assert.deepEqual(deskProblems(fields, cite('2026-11-28'), now), []);
    assert.deepEqual(deskProblems(fields, cite('2026-11-28T02:00:00+05:00'), now), [
      'citation 1 published_at 2026-11-28T02:00:00+05:00 is in the future',
    ]);
    assert.deepEqual(
      deskProblems({ ...fields, date_start: '2026-11-29' }, cite('2026-11-28T01:00:00+05:00'), now),
      [
        'date_start 2026-11-29 is in the future (today is 2026-11-27)',
        "citation 1 published_at 2026-11-28 is before the event's date_start 2026-11-29",
      ],
    );
  });
});
