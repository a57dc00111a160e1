/**
 * 预设按单位子树: which regulation a unit follows. A deployment names its default preset; a unit may
 * name its own (大足区 under 重庆: dazu-2021), which every unit below it inherits unless one of them
 * names yet another. A unit's path is its ancestors' ids from the root down, then its own
 * ('/<root>/…/<own>/', units.path): the nearest id on it with a preset of its own decides.
 */
export interface PresetSource {
  /** The preset id that applies. */
  preset: string;
  /** The unit whose own setting applies (the unit itself or an ancestor); null: the deployment's default. */
  unitId: string | null;
}

export function presetForPath(path: string, own: ReadonlyMap<string, string>, fallback: string): PresetSource {
  const ids = path.split('/').filter(Boolean);
  for (let i = ids.length - 1; i >= 0; i--) {
    const preset = own.get(ids[i]!);
    if (preset) return { preset, unitId: ids[i]! };
  }
  return { preset: fallback, unitId: null };
}
