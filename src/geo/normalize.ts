/**
 * Name normalisation shared by the admin-label resolver and the gazetteer: the keys it makes are
 * insensitive to case, diacritics, punctuation and spacing.
 */

/** Reduces a place or unit name to a comparison key: "Jalālābād" → "jalalabad", "D.I. Khan" → "di khan", "Azad Jammu & Kashmir" → "azad jammu and kashmir". */
export function nameKey(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      // Dots and apostrophes join letters ("K.P." → "kp", "Pul-e ‘Alam" keeps "alam").
      .replace(/[.'’‘ʼʻ`´]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

const UNIT_SUFFIXES = ['province', 'agency', 'district', 'distrcit', 'territory'];
const UNIT_PREFIXES = ['wilayat e', 'velayat e', 'welayat e', 'province of', 'ولایت', 'صوبہ'];

/**
 * Like `nameKey`, and also drops unit words: trailing " province", " agency", " district",
 * " territory" and leading "Wilayat-e" / "Velayat-e", so "Kunar province" and "Wilayat-e Kunar" meet "kunar".
 */
export function unitKey(text: string): string {
  let key = nameKey(text);
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of UNIT_SUFFIXES) {
      if (key.endsWith(` ${suffix}`)) {
        key = key.slice(0, -suffix.length - 1);
        changed = true;
      }
    }
    for (const prefix of UNIT_PREFIXES) {
      if (key.startsWith(`${prefix} `)) {
        key = key.slice(prefix.length + 1);
        changed = true;
      }
    }
  }
  return key;
}
