import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../app/api-keys.ts';
import { createStore, type Store } from '../storage/index.ts';
import { createApi } from './server.ts';

let store: Store;
const keys = { admin: '', analyst: '' };
before(async () => {
  store = await createStore({ path: ':memory:' });
  for (const role of ['admin', 'analyst'] as const)
    keys[role] = (await createApiKey(store, { role, name: `test ${role}` })).key;
});
after(() => store.close());

/** POSTs a body to a route as JSON (or as `type`), with the key of `who`. */
async function post(
  path: string,
  body: string | Uint8Array,
  who: keyof typeof keys,
  type = 'application/json',
) {
  const api = createApi({ store, log: () => {} });
  const res = await api.app.request(path, {
    method: 'POST',
    body: body as BodyInit,
    headers: { authorization: `Bearer ${keys[who]}`, 'content-type': type },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const refused = (message: string, fields?: string[]) => ({
  status: 400,
  body: { error: { code: 'invalid_input', message, ...(fields ? { fields } : {}) } },
});
const EXAMPLE = '{"role": "analyst", "name": "newsroom"}';

describe('JSON request bodies', () => {
  it('a desk event whose headline is a lone surrogate is refused with 400 naming the field (it was a 500 from the store)', async () => {
    const r = await post(
      '/api/v1/desk/events',
      '{"date_start":"2024-05-04","headline":"a\\ud800"}',
      'analyst',
    );
    assert.deepEqual(
      r,
      refused(
        'invalid headline: "a\\ud800" (a lone surrogate, half of a UTF-16 pair, which UTF-8 cannot carry: send whole characters)',
        ['headline'],
      ),
    );
  });

  it('a lone surrogate in a citation is refused by its JSON path, and nothing is stored', async () => {
    const body = JSON.stringify({ citations: [{ url: 'https://example.org/a', quote: 'x' }] }).replace(
      '"x"',
      '"\\udc00"',
    );
    const r = await post('/api/v1/desk/events', body, 'analyst');
    assert.deepEqual(r.status, 400);
    assert.deepEqual(r.body.error, {
      code: 'invalid_input',
      message:
        'invalid citations[0].quote: "\\udc00" (a lone surrogate, half of a UTF-16 pair, which UTF-8 cannot carry: send whole characters)',
      fields: ['citations[0].quote'],
    });
    assert.deepEqual((await store.listDeskEvents({})).length, 0);
  });

  it('bytes that are not UTF-8 are refused naming the first of them (a key was named "caf\\ufffd")', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"role":"viewer","name":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    assert.deepEqual(
      await post('/api/v1/keys', bytes, 'admin'),
      refused(
        'invalid body: "{\\"role\\":\\"viewer\\",\\"name\\":\\"caf\\ufffd\\"}" (byte 29, 0xe9, is not UTF-8: send the text in UTF-8)',
      ),
    );
    // A surrogate written in UTF-8 (CESU-8, ED A0 80) is not UTF-8 either.
    const cesu = Buffer.concat([
      Buffer.from('{"role":"viewer","name":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    const r = await post('/api/v1/keys', cesu, 'admin');
    assert.match(String((r.body.error as { message: string }).message), /\(byte 26, 0xed, is not UTF-8: /);
  });

  it('a claim file that is not UTF-8 is refused, not checked with U+FFFD in its text', async () => {
    const claim =
      'claims:\n  - id: c1\n    text: "caf\xe9"\n    metric: deaths\n    geography: { country: PAK }\n    period: "2021"\n    comparator: { kind: at_least, value: 1 }\n';
    const r = await post('/api/v1/claims/check', Buffer.from(claim, 'latin1'), 'analyst', 'application/yaml');
    assert.equal(r.status, 400);
    assert.match(
      String((r.body.error as { message: string }).message),
      /\(byte 34, 0xe9, is not UTF-8: send the text in UTF-8\)$/,
    );
  });

  it('a field given twice is refused, not the last one taken (a viewer key and then an admin one made an admin key)', async () => {
    assert.deepEqual(
      await post('/api/v1/keys', '{"role":"viewer","role":"admin"}', 'admin'),
      refused('repeated field: "role" (give each field once: which one was meant is not known)'),
    );
    // The same name in two objects, or in a text, is no repetition.
    const ok = await post('/api/v1/keys', '{"role":"viewer","name":"a \\"role\\": b"}', 'admin');
    assert.equal(ok.status, 201);
    const rule = await post(
      '/api/v1/alerts/rules',
      '{"kind":"surge","admin1":"PK-KP","admin1" :"PK-BA"}',
      'admin',
    );
    assert.deepEqual(
      rule,
      refused('repeated field: "admin1" (give each field once: which one was meant is not known)'),
    );
  });

  it('a body that is not JSON is refused quoting it and saying why (it said only "send JSON such as ...")', async () => {
    assert.deepEqual(
      await post('/api/v1/keys', '{"role":', 'admin'),
      refused(
        `invalid body: "{\\"role\\":" (not JSON: Unexpected end of JSON input; send JSON such as ${EXAMPLE})`,
      ),
    );
    assert.deepEqual(
      await post('/api/v1/keys', '', 'admin'),
      refused(`invalid body: "" (empty: send JSON such as ${EXAMPLE})`),
    );
    const nan = await post('/api/v1/desk/events', '{"lat":NaN}', 'analyst');
    assert.match(
      String((nan.body.error as { message: string }).message),
      /^invalid body: "\{\\"lat\\":NaN\}" \(not JSON: /,
    );
  });

  it('a body that is JSON but no object, and a reason that is no text, are quoted (they were not)', async () => {
    assert.deepEqual(
      await post('/api/v1/desk/events/1/publish', '[1]', 'admin'),
      refused(
        'invalid body: [1] (send one JSON object such as {"supersedes": [1]} or {"distinct_from": [1]})',
      ),
    );
    assert.deepEqual(
      await post('/api/v1/desk/events/1/retract', '{"reason":5}', 'analyst'),
      refused('invalid reason: 5 (give text)'),
    );
    assert.deepEqual(
      await post('/api/v1/alerts/rules', '"surge"', 'admin'),
      refused('invalid body: "surge" (send one JSON object with the rule\'s fields)'),
    );
  });

  it('a value of the wrong JSON type says what to give (it quoted the value alone: invalid save: "no")', async () => {
    assert.deepEqual(
      await post('/api/v1/desk/news', '{"text":"x","save":"no"}', 'analyst'),
      refused('invalid save: "no" (give true or false)'),
    );
    assert.deepEqual(
      await post('/api/v1/desk/news', '{"text":1}', 'analyst'),
      refused('invalid text: 1 (give text)'),
    );
    assert.deepEqual(
      await post('/api/v1/keys', '[]', 'admin'),
      refused('invalid body: [] (give one JSON object)'),
    );
  });

  it('a number past a double (1e400) is refused as such in every JSON body (a key role was quoted as null)', async () => {
    assert.deepEqual(
      await post('/api/v1/keys', '{"role":1e400}', 'admin'),
      refused(
        "invalid role: a number beyond ±1.8e308, which JSON reads as Infinity (give one in the field's range)",
        ['role'],
      ),
    );
    assert.deepEqual(
      await post('/api/v1/desk/events', '{"lat":-1e400}', 'analyst'),
      refused(
        "invalid lat: a number beyond ±1.8e308, which JSON reads as -Infinity (give one in the field's range)",
        ['lat'],
      ),
    );
  });

  it('a whole number past 2^53 - 1 is refused quoting it as sent (JSON.parse read 9007199254740993 as 9007199254740992)', async () => {
    assert.deepEqual(
      await post(
        '/api/v1/alerts/rules',
        '{"kind":"surge","country":"PAK","window_days":9007199254740993}',
        'admin',
      ),
      refused(
        "invalid window_days: 9007199254740993 (beyond 9007199254740991, 2^53 - 1, the largest whole number JSON numbers hold exactly: give one in the field's range)",
        ['window_days'],
      ),
    );
    assert.deepEqual(
      await post(
        '/api/v1/desk/events',
        '{"headline":"9007199254740993","fatalities_best":-9007199254740993}',
        'analyst',
      ),
      refused(
        "invalid fatalities_best: -9007199254740993 (beyond 9007199254740991, 2^53 - 1, the largest whole number JSON numbers hold exactly: give one in the field's range)",
        ['fatalities_best'],
      ),
    );
  });

  it('a name holding a bidi override, an isolate or a BOM is refused with the character shown (it was stored and shown raw)', async () => {
    assert.deepEqual(
      await post('/api/v1/keys', '{"role":"viewer","name":"news\\u202eroom"}', 'admin'),
      refused(
        'invalid name: "news\\u202eroom" (holds an invisible character, U+202E: give the value without it)',
        ['name'],
      ),
    );
    assert.deepEqual(
      await post(
        '/api/v1/alerts/rules',
        '{"kind":"surge","country":"PAK","name":"\\u2066x\\u2069"}',
        'admin',
      ),
      refused(
        'invalid name: "\\u2066x\\u2069" (holds an invisible character, U+2066: give the value without it)',
        ['name'],
      ),
    );
    assert.deepEqual(
      await post(
        '/api/v1/desk/events',
        '{"citations":[{"url":"https://a.example","outlet":"\\ufeffDawn","published_at":"2026-01-01","quote":"q"}]}',
        'analyst',
      ),
      refused(
        'invalid citations[0].outlet: "\\ufeffDawn" (holds an invisible character, U+FEFF: give the value without it)',
        ['citations[0].outlet'],
      ),
    );
    assert.deepEqual(
      await post('/api/v1/keys', '{"role":"viewer","na\\u200bme":"x"}', 'admin'),
      refused(
        'invalid field name: "na\\u200bme" (holds an invisible character, U+200B: give the value without it)',
      ),
    );
  });

  it("prose keeps its invisible characters: a news report's soft hyphens and right-to-left marks are the article's", async () => {
    const r = await post(
      '/api/v1/desk/news',
      '{"text":"PESHA\\u00adWAR\\u200f, Dec 3: Three policemen were killed.","save":false}',
      'analyst',
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('an id in the path with a leading BOM is refused, not trimmed away (desk event "\\ufeff1" was event 1)', async () => {
    const api = createApi({ store, log: () => {} });
    const res = await api.app.request('/api/v1/desk/events/%EF%BB%BF1', {
      headers: { authorization: `Bearer ${keys.analyst}` },
    });
    assert.deepEqual(
      { status: res.status, body: await res.json() },
      refused('invalid desk event id: "\\ufeff1" (a whole number, as desk queue lists them)'),
    );
  });
});
