/** The event type a passage describes, decided by the first rule whose words it contains. */
import type { DraftEventType } from './news-draft.ts';

/** Rules in order of precedence: a suicide bombing is also a bombing and an attack. */
export const TYPE_RULES: readonly { type: DraftEventType; words: RegExp }[] = [
  {
    type: 'suicide_bombing',
    words: /\bsuicide[- ](?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|blast|car bomb)\b/i,
  },
  // A state's "strikes" in another country, without their means ("Pakistani strikes in Paktika"),
  // are air or drone strikes in these reports; artillery is named as such ("shelling") and comes later.
  {
    type: 'air_strike',
    words:
      /\b(?:air ?strikes?|airstrikes?|drone (?:strikes?|attacks?)|air raids?|aerial (?:bombardment|attacks?|strikes?)|(?:jets?|warplanes?|fighter (?:jets?|planes?)|military (?:aircraft|planes?)|aircraft|drones?|gunships?) (?:struck|bombed|pounded|hit|targeted|attacked|strike|bomb)|(?:Pakistan(?:i|'s)?|Afghan|Afghanistan's|US|American) (?:(?:military|retaliatory|cross-border|precision) )?strikes?)\b/i,
  },
  {
    type: 'bombing',
    words:
      /\b(?:(?:roadside |car |remote[- ]controlled |motorcycle )?bomb(?:s|ing|ings)?|blasts?|explosions?|IEDs?|improvised explosive(?: devices?)?|grenade attacks?|land ?mines?|mine blasts?)\b/i,
  },
  {
    type: 'armed_clash',
    words:
      /\b(?:clash(?:es|ed)?|exchanges? of fire|exchang(?:ed|ing) (?:heavy )?(?:fire|gunfire)|traded fire|gunfights?|firefights?|fighting|shoot-?outs?|gun battles?|cross-border (?:fire|firing)|shelling|(?:mortar|artillery|rocket) (?:shells?|rounds?|fire|firing|attacks?)|(?:an|the|police|armed) encounters?)\b/i,
  },
  // Reports of Pakistan's north-west say "an operation" with no kind: "killed in an operation in
  // Tirah valley", "during the search-based operation", "an operational engagement against
  // terrorists" (it decided no type). Only with where, against whom or by whom after it, and never
  // one a patient underwent or a rescue.
  {
    type: 'security_operation',
    words:
      /\b(?:(?:military|security|security forces|intelligence-based|joint|counter-?terrorism|clearance|search|search-based|sanitisation|sanitization|combing) operations?|IBOs?|raids? (?:on )?(?:multiple |several )?hideouts|raid(?:s|ed)?|(?<!\b(?:underwent|undergo|undergoes|undergoing|undergone)\s+)(?:an|the) (?:operation|operational engagement)(?=\s+(?:in|near|against|on|at|by|conducted|launched|carried out)\b))\b/i,
  },
  { type: 'abduction', words: /\b(?:kidnap(?:ped|ping|s)?|abduct(?:ed|ion|s)?|taken hostage)\b/i },
  {
    type: 'attack',
    words:
      /\b(?:attack(?:s|ed)?|ambush(?:es|ed)?|gunmen|opened fire|fired (?:on|at|upon)|shot dead|shooting|stormed|assault(?:ed)?|targeted (?:killings?|attacks?)|targeted(?= (?:a|an|the|their|its|his|Pakistani|Afghan|security|military|police|border)\b))\b/i,
  },
];

/** The type and the words that decided it, or null when no rule's words occur. */
export function findEventType(text: string): { type: DraftEventType; words: string } | null {
  for (const rule of TYPE_RULES) {
    const m = rule.words.exec(text);
    if (m) return { type: rule.type, words: m[0] };
  }
  return null;
}

/** Whether a passage is about violence at all (digest pages list sport and elections too). */
export function mentionsViolence(text: string): boolean {
  return (
    findEventType(text) !== null ||
    /\b(?:kill(?:s|ed|ing)?|dead|deaths?|died|wound(?:s|ed|ing)?|injur(?:es|ed|ing|y|ies)|militants?|insurgents?|martyr(?:ed|ing|dom)|slain)\b/i.test(
      text,
    )
  );
}
