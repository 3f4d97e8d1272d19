/** What a rule kind's check finds: the conditions holding now, each under a stable key. */
import type { StoredAlertRule } from '../../storage/alert-records.ts';
import type { Store } from '../../storage/store.ts';

/** One condition holding now. */
export interface FoundCondition {
  /** Stable across evaluations while the same thing holds (the rule's subject, a unit and month, an event id). */
  key: string;
  title: string;
  detail: Record<string, unknown>;
}

/** The conditions a check found, and what it could not judge (said, never dropped silently). */
export interface Found {
  conditions: FoundCondition[];
  note: string | null;
  /**
   * False when the data cannot say whether the rule holds (days no loaded source covers): the rule's
   * conditions are kept as they were, neither fired nor cleared, and the note says "not covered".
   * An unknown is not a zero.
   */
  judged?: boolean;
}

/** A rule kind's check over the store. */
export type KindCheck = (store: Store, rule: StoredAlertRule, now: Date) => Promise<Found>;
