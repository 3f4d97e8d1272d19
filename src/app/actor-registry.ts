/** The actor registry as `GET /api/v1/actors` and `faultline actors` give it: actors with aliases and groups. */
import { ACTORS, GROUPS } from '../domain/actors.ts';

/** Every registry actor (`note` null when the registry has none) and every group. */
export function actorRegistry() {
  const actors = ACTORS.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    aliases: a.aliases,
    groups: a.groups,
    note: a.note ?? null,
  }));
  return { actors, groups: [...GROUPS] };
}
