/** Who acts on the desk: the holder of an API key (its id, name and role), or the local CLI user. */
import type { DeskActor } from '../../domain/desk.ts';
import type { Store, StoredApiKey } from '../../storage/store.ts';
import { roleAtLeast, verifyApiKey } from '../api-keys.ts';
import { AuthenticationError, ForbiddenError } from '../errors.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { LOCAL_ACTOR } from './desk-views.ts';

/** The actor of a stored key. */
export function keyActor(k: StoredApiKey): DeskActor {
  return { id: k.id, name: k.name, role: k.role };
}

/**
 * The key a CLI command was given (`--key` or FAULTLINE_API_KEY), checked before the store is
 * opened: undefined when none was given (the local admin). An empty or blank key is refused: it is
 * an unset `$KEY` in a script, and must not act as the local admin.
 */
export function cliKeyText(keyText: string | undefined): string | undefined {
  if (keyText !== undefined && !keyText.trim())
    throw new InvalidInputError(
      `invalid key: ${quoteValue(keyText)} (an empty key; give an API key from faultline keys create, or leave out --key and FAULTLINE_API_KEY to act as the local admin)`,
    );
  return keyText;
}

/**
 * The actor a CLI command runs as: the key given (`--key` or FAULTLINE_API_KEY), checked against
 * the store; without one, the local user (admin: whoever can open the store file owns it).
 */
export async function cliActor(store: Store, keyText: string | undefined): Promise<DeskActor> {
  const key = cliKeyText(keyText);
  if (key === undefined) return LOCAL_ACTOR;
  const k = await verifyApiKey(store, key);
  if (!k) throw new AuthenticationError('invalid API key: unknown, revoked or mistyped');
  return keyActor(k);
}

/**
 * The actor a CLI read of the desk (show, list, queue, audit) runs as: the key checked as for a
 * change, and refused below analyst as the API's desk routes refuse it (a viewer may not touch the
 * desk at all); without a key, the local admin, as for a change.
 */
export async function cliDeskReader(
  store: Store,
  keyText: string | undefined,
  action: 'show' | 'list' | 'queue' | 'audit',
): Promise<DeskActor> {
  const by = await cliActor(store, keyText);
  if (!roleAtLeast(by.role, 'analyst'))
    throw new ForbiddenError(
      `forbidden: ${action} needs the analyst role; key ${quoteValue(by.id)} has ${by.role}`,
    );
  return by;
}
