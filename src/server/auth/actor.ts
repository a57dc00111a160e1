import type { Role } from '../../core/vocabulary.ts';

/** The person behind a request, with their unit; what every access check starts from. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unit: { id: string; name: string; path: string; kind: string };
  /** Staff of the hotline center see every ticket and the caller in full. */
  isCenter: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Whether `unitPath` is the actor's unit or one of its sub-units. */
export function coversUnit(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(actor.unit.path);
}
