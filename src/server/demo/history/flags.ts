import type { Queryable } from '../../db/connection.ts';
import type { Vault } from '../../privacy/vault.ts';
import type { Caller } from './world.ts';

/** The demo city's deputy (邵阳 第十八条): in the register, and now and then on the phone. */
export const DEMO_DEPUTY: Caller & { term: string; delegation: string } = { name: '刘建国', phone: '13908231234', term: '第六届', delegation: '渝中区代表团' };

/** Puts the demo deputy in the register, once. */
export async function registerDemoDeputy(db: Queryable, vault: Vault, at: number): Promise<void> {
  const idx = vault.phoneIndex(DEMO_DEPUTY.phone);
  const { rows } = await db.query('SELECT 1 FROM deputies WHERE phone_idx = $1', [idx]);
  if (rows.length) return;
  await db.query(
    `INSERT INTO deputies (name, body, level, term, delegation, phone, phone_idx, note, created_at, updated_at)
     VALUES ($1, 'npc', 'city', $2, $3, $4, $5, '演示数据', $6, $6)`,
    [vault.seal(DEMO_DEPUTY.name), DEMO_DEPUTY.term, DEMO_DEPUTY.delegation, vault.seal(DEMO_DEPUTY.phone), idx, new Date(at)],
  );
}

/**
 * A few of the demo's phone requests carry a flag, chosen by how many came before (not by the random
 * stream, so the rest of the history stays as it was): now and then an enterprise's request (涉企诉求),
 * a 国办工单, a 领导批示件, and a call from the deputy (flagged by the register itself).
 */
export function demoFlags(n: number, year: string): { flags: Record<string, unknown>; deputyCalls: boolean } {
  return {
    flags: {
      ...(n % 17 === 3 ? { enterprise: {} } : {}),
      ...(n % 41 === 7 ? { national: { number: `GB${year}${String(n).padStart(6, '0')}` } } : {}),
      ...(n % 53 === 11 ? { leaderInstruction: { by: '市政府 副市长 张某', text: '请相关部门高度重视，限期办结并将结果报市政府办公厅。' } } : {}),
    },
    deputyCalls: n % 37 === 5,
  };
}
