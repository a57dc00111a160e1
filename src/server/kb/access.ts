import { KB_EDITOR_ROLES, KB_REVIEWER_ROLES } from '../../core/kb/workflow.ts';
import { coversUnit, hasRole, type Actor } from '../auth/actor.ts';
import { forbidden } from '../http/errors.ts';

export type KbParty = 'editor' | 'reviewer';

/**
 * What the actor is to an entry owned by the unit at `ownerPath`: an editor when they edit
 * knowledge and the owner unit is theirs or below theirs (谁提供、谁维护、谁更新), a reviewer when
 * they review knowledge at the hotline center.
 */
export function partiesOf(actor: Actor, ownerPath: string): KbParty[] {
  const parties: KbParty[] = [];
  if (hasRole(actor, ...KB_EDITOR_ROLES) && coversUnit(actor, ownerPath)) parties.push('editor');
  if (hasRole(actor, ...KB_REVIEWER_ROLES) && actor.isCenter) parties.push('reviewer');
  return parties;
}

/** Published entries are open to all staff; the rest only to their editors and the reviewers. */
export function canRead(actor: Actor, entry: { state: string; owner_path: string }): boolean {
  return entry.state === 'published' || partiesOf(actor, entry.owner_path).length > 0;
}

/** Staff who may see unpublished entries at all (lists, reports). */
export function requireKbStaff(actor: Actor): void {
  if (!hasRole(actor, ...KB_EDITOR_ROLES, ...KB_REVIEWER_ROLES)) throw forbidden('只有知识采编、审核人员和单位管理员可以查看');
}
