import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GEO_COLUMNS } from '../event-columns.ts';
import { LINKED_PLACEMENT, RECORD_HASH } from './duckdb-linkage-days.ts';

describe('the placement columns a stored run goes stale on', () => {
  it('are every placement column the record fingerprint reads, and only those', () => {
    const read = [...RECORD_HASH.matchAll(/\be\.([a-z0-9_]+)/g)].map((m) => m[1]!);
    const placement = GEO_COLUMNS.map((c) => c.name).filter((n) => read.includes(n));
    assert.ok(read.includes('admin1_code') && read.length > 10, read.join(', '));
    assert.deepEqual([...LINKED_PLACEMENT].sort(), placement.sort());
  });
});
