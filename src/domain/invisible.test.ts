import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVisibleJson, invisibleChar, visibleText } from './invisible.ts';

describe('invisible characters in typed values', () => {
  it('finds the BOM, zero-width spaces, bidi marks, overrides and isolates wherever they stand', () => {
    for (const ch of [
      '\ufeff',
      '\u200b',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202e',
      '\u2060',
      '\u2066',
      '\u2069',
      '\u00ad',
    ])
      for (const text of [`${ch}PAK`, `PA${ch}K`, `PAK${ch}`]) assert.equal(invisibleChar(text), ch, text);
    assert.equal(invisibleChar('Peshawar (Khyber Pakhtunkhwa)'), null);
  });

  it('a zero-width non-joiner or joiner between two letters is spelling (Persian, Urdu), at either end it is not', () => {
    assert.equal(invisibleChar('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'), null);
    assert.equal(invisibleChar('\u0645\u200d\u06cc'), null);
    assert.equal(invisibleChar('\u200cPAK'), '\u200c');
    assert.equal(invisibleChar('PAK\u200d'), '\u200d');
    assert.equal(invisibleChar('PAK \u200c x'), '\u200c');
  });

  it("JSON values are checked but for prose fields, whose words are an article's", () => {
    assert.doesNotThrow(() =>
      checkVisibleJson({
        notes: 'a\u200fb',
        citations: [{ quote: '\u202eq' }],
        from_words: { place: '\u00adx' },
      }),
    );
    assert.throws(() => checkVisibleJson({ citations: [{ outlet: 'Dawn\u200b' }] }), {
      message:
        'invalid citations[0].outlet: "Dawn\\u200b" (holds an invisible character, U+200B: give the value without it)',
    });
    assert.throws(() => checkVisibleJson({ ['\ufeffname']: 'x' }), {
      message:
        'invalid field name: "\\ufeffname" (holds an invisible character, U+FEFF: give the value without it)',
    });
  });

  it('a log line shows the characters that could disguise it as escapes, and ordinary text as it is', () => {
    assert.equal(
      visibleText('a\u202eb\u2066c\ufeffd\u200be\nf\r\tg\u001b[2Jh\u0085i\u2028j\u{e0041}k'),
      'a\\u202eb\\u2066c\\ufeffd\\u200be\\x0af\\x0d\\x09g\\x1b[2Jh\\x85i\\u2028j\\u{e0041}k',
    );
    for (const text of [
      '/api/v1/events?country=PAK',
      'Peshawar (Khyber Pakhtunkhwa) "quoted" \\ back',
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
      'Z\u00fcrich \u00e9t\u00e9 \u4e2d\u6587 \u{1f600}',
    ])
      assert.equal(visibleText(text), text);
  });
});
