/**
 * The common type a news draft is saved with on the desk: the reader's finer kinds (suicide
 * bombing, attack, ...) mapped onto the event types every source shares and the desk form offers.
 */
import type { CommonType } from '../../domain/event.ts';
import type { DraftEventType } from '../../ingest/news/news-draft.ts';

/** The common type of each kind of news event (an air strike and a bombing are remote violence, as in ACLED). */
const COMMON_TYPE: Record<DraftEventType, CommonType> = {
  suicide_bombing: 'remote-violence',
  bombing: 'remote-violence',
  air_strike: 'remote-violence',
  armed_clash: 'battle',
  attack: 'other',
  security_operation: 'battle',
  abduction: 'violence-against-civilians',
};

/** The common type a draft of this kind is saved with; `other` when the reader found no type. */
export const commonTypeOf = (type: DraftEventType | null): CommonType =>
  type === null ? 'other' : COMMON_TYPE[type];
