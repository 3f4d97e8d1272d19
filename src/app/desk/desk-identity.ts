/** Who acts on the desk: the holder of an API key (its id, name and role), or the local CLI user. */
import type { DeskActor } from '../../domain/desk.ts';
import type { Store, StoredApiKey } from '../../storage/store.ts';
import { verifyApiKey } from '../api-keys.ts';
import { AuthenticationError } from '../errors.ts';
import { LOCAL_ACTOR } from './desk-views.ts';

/** The actor of a stored key. */
export function keyActor(k: StoredApiKey): DeskActor {
  return { id: k.id, name: k.name, role: k.role };
}

/**
 * The actor a CLI command runs as: the key given (`--key` or FAULTLINE_API_KEY), checked against
 * the store; without one, the local user (admin: whoever can open the store file owns it).
 */
export async function cliActor(store: Store, keyText: string | undefined): Promise<DeskActor> {
  if (!keyText) return LOCAL_ACTOR;
  const k = await verifyApiKey(store, keyText);
  if (!k) throw new AuthenticationError('invalid API key: unknown, revoked or mistyped');
  return keyActor(k);
}
