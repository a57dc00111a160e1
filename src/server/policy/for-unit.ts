import { getPreset, PRESET_IDS } from '../../core/policy/presets.ts';
import type { Policy } from '../../core/policy/schema.ts';
import { presetForPath, type PresetSource } from '../../core/policy/subtree.ts';
import type { AppContext } from '../app.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { notifyAfterCommit } from '../db/notify.ts';

/** Told when an admin changes a unit's preset, so every server instance on one database reloads. */
export const PRESETS_CHANNEL = 'o12345_unit_presets';

/**
 * 预设按单位子树 (issue 13 item 10): the presets units set for their subtrees (units.preset), held in
 * memory so that guards — pure and synchronous (tickets/actions/guards.ts) — can ask which rules a
 * share follows. Only the units that name a preset are held (a handful); which one a unit inherits is
 * read off its path (core/policy/subtree.ts), so moving units needs no reload. Reloaded after an
 * admin's change, here at once and on every other instance through PRESETS_CHANNEL.
 */
export class UnitPresets {
  private own = new Map<string, string>();

  /** @param fallback the deployment's default (POLICY): the center's clocks, and every unit that names none. */
  constructor(readonly fallback: Policy) {}

  async load(db: Queryable): Promise<void> {
    const { rows } = await db.query<{ id: string; preset: string }>('SELECT id, preset FROM units WHERE preset IS NOT NULL');
    this.own = new Map(rows.map((r) => [r.id, r.preset]));
  }

  /** Loads the settings and follows the changes other instances make; returns how to stop listening. */
  async start(db: Db): Promise<() => Promise<void>> {
    await this.load(db);
    return db.listen(PRESETS_CHANNEL, () => void this.load(db).catch(() => {}));
  }

  /** The preset that applies to the unit at `path` ('/<root>/…/<own>/'), and whose setting it is. */
  source(path: string): PresetSource {
    return presetForPath(path, this.own, this.fallback.id);
  }

  forPath(path: string): Policy {
    return this.byId(this.source(path).preset);
  }

  /**
   * A preset by id: the default itself under its own id (a deployment's own policy file may extend a
   * shipped preset and keep its id), else the shipped one; an id no longer shipped falls back to the
   * default rather than stop a clock.
   */
  byId(id: string | null | undefined): Policy {
    if (!id || id === this.fallback.id || !PRESET_IDS.includes(id)) return this.fallback;
    return getPreset(id);
  }

  /** The units that name a preset of their own, with it. */
  subtrees(): Array<{ unitId: string; preset: string }> {
    return [...this.own].map(([unitId, preset]) => ({ unitId, preset }));
  }

  /** The default and every preset some subtree names: what a page listing the rules in force shows. */
  inUse(): Policy[] {
    const ids = new Set(this.own.values());
    ids.delete(this.fallback.id);
    return [this.fallback, ...[...ids].map((id) => this.byId(id))];
  }
}

/** The rules a share follows: its unit's preset (inherited down the unit tree), not necessarily the default. */
export function policyForShare(app: Pick<AppContext, 'presets'>, share: { unit_path: string }): Policy {
  return app.presets.forPath(share.unit_path);
}

/**
 * The rules a clock was started under (clocks.preset); a clock from before presets per subtree
 * follows its share's unit, or the default when it is the ticket's own.
 */
export function policyForClock(app: Pick<AppContext, 'presets'>, clock: { preset?: string | null }, share: { unit_path: string } | null): Policy {
  if (clock.preset) return app.presets.byId(clock.preset);
  return share ? policyForShare(app, share) : app.presets.fallback;
}

/** Tells every instance to reload, in the transaction that changed a unit's preset (delivered on commit). */
export async function announcePresets(tx: Queryable): Promise<void> {
  await notifyAfterCommit(tx, PRESETS_CHANNEL, 'changed');
}
