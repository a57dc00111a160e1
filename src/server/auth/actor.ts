import type { Role } from '../../core/vocabulary.ts';
import { forbidden } from '../http/errors.ts';

/** The person behind a request, with their unit; what every access check starts from. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unit: { id: string; name: string; path: string; kind: string };
  /** Staff of the hotline center see every ticket and the caller in full. */
  isCenter: boolean;
  /** Signed in with a password the system handed out: only the password change is open until then. */
  mustChangePassword: boolean;
  totpEnabled: boolean;
}

/** Roles that may (and are encouraged to) add a TOTP second factor: they see or change the most. */
export const TOTP_ROLES: Role[] = ['admin', 'leader', 'supervisor'];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Whether `unitPath` is the actor's unit or one of its sub-units. */
export function coversUnit(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(actor.unit.path);
}

export function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以进行此操作');
}
