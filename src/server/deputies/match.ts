import { DEPUTY_BODY_LABELS, deputyTitle, type DeputyBody, type DeputyLevel } from '../../core/flags/deputies.ts';
import { maskName, type CallerView } from '../../core/ticket/privacy.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid } from '../http/errors.ts';
import type { Vault } from '../privacy/vault.ts';

/** The register entry a ticket names, as read with the ticket (the name still sealed). */
export interface DeputyOnTicket {
  id: string;
  name: string;
  body: DeputyBody;
  level: DeputyLevel;
  term: string | null;
}

const COLUMNS = 'id, name, body, level, term';

/**
 * The deputy whose request this is (邵阳 第十八条: 精准对接处理): the one the agent chose (deputyId), or
 * none (null), or — left unset — the serving deputy whose phone is the caller's, found by the phone's
 * blind index. A chosen entry must be in the register and serving, else 422.
 */
export async function deputyFor(db: Queryable, vault: Vault, chosen: string | null | undefined, phone: string | undefined): Promise<DeputyOnTicket | null> {
  if (chosen === null) return null;
  if (chosen !== undefined) {
    const { rows } = await db.query<DeputyOnTicket>(`SELECT ${COLUMNS} FROM deputies WHERE id = $1 AND active`, [chosen]);
    if (!rows[0]) throw invalid('所选代表委员不在代表委员库中或已停用', [{ path: 'deputyId', message: '不在库中' }]);
    return rows[0];
  }
  const idx = vault.phoneIndex(phone);
  if (!idx) return null;
  const { rows } = await db.query<DeputyOnTicket>(`SELECT ${COLUMNS} FROM deputies WHERE phone_idx = $1 AND active`, [idx]);
  return rows[0] ?? null;
}

/** The SQL that joins a ticket `t`'s deputy as one json column named `deputy`. */
export const DEPUTY_JSON = `(SELECT json_build_object('id', d.id, 'name', d.name, 'body', d.body, 'level', d.level, 'term', d.term) FROM deputies d WHERE d.id = t.deputy_id) AS deputy`;

/**
 * The deputy (its name opened: openDeputy) as the viewer may see them: the center in full, a unit that sees the caller masked reads
 * the name masked (as the caller's), and a unit that may not see the caller only learns that the
 * request is a deputy's — the flag the handling needs, not who it is.
 */
export function presentDeputy(d: DeputyOnTicket | null | undefined, view: CallerView) {
  if (!d) return null;
  if (view === 'hidden') return { id: null, name: null, title: DEPUTY_BODY_LABELS[d.body], term: null };
  const name = d.name;
  return { id: view === 'full' ? d.id : null, name: view === 'full' ? name : maskName(name), title: deputyTitle(d.body, d.level), term: d.term };
}

/** A row with its deputy's name opened, for presenters (only for a view that shows the caller). */
export function openDeputy<T extends { deputy?: DeputyOnTicket | null }>(row: T, vault: Vault): T {
  return row.deputy ? { ...row, deputy: { ...row.deputy, name: vault.openField(row.deputy.name) ?? '' } } : row;
}
