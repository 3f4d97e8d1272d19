import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { z } from 'zod';
import { parseQuery, text } from './params.ts';

/** The refusal parseQuery gives a query string, or `accepted` with what it parsed. */
async function parsed(query: string): Promise<string> {
  const app = new Hono();
  app.get('/x', (c) => {
    try {
      return c.text(`accepted ${JSON.stringify(parseQuery(c, z.strictObject({ q: text('q').optional() })))}`);
    } catch (e) {
      return c.text((e as Error).message);
    }
  });
  return (await app.request(`/x${query}`)).text();
}

describe('parseQuery', () => {
  it('refuses a parameter without a name as unknown (Hono drops it, so it was ignored)', async () => {
    assert.equal(await parsed('?=1'), 'unknown parameter: "" (a parameter without a name)');
    assert.equal(await parsed('?q=a&='), 'unknown parameter: "" (a parameter without a name)');
    // An empty piece between two ampersands names no parameter at all.
    assert.equal(await parsed('?q=a&&'), 'accepted {"q":"a"}');
  });
});
