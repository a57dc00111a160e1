import { buildDivisions, packageRows, type Division } from './divisions.ts';

export interface GazetteerEntry {
  division: Division;
  /** 'full': the official name (大足区); 'short': the spoken form without suffix (大足). */
  form: 'full' | 'short';
}

/** Every name and short name of every division, for scanning free text. */
export interface Gazetteer {
  names: ReadonlyMap<string, readonly GazetteerEntry[]>;
  /** The longest name, in UTF-16 units: no window wider than this can match. */
  maxLength: number;
  divisions: readonly Division[];
}

export function buildGazetteer(divisions: readonly Division[]): Gazetteer {
  const names = new Map<string, GazetteerEntry[]>();
  let maxLength = 0;
  const put = (key: string, entry: GazetteerEntry) => {
    const list = names.get(key);
    if (list) list.push(entry);
    else names.set(key, [entry]);
    maxLength = Math.max(maxLength, key.length);
  };
  for (const division of divisions) {
    put(division.forms.full, { division, form: 'full' });
    if (division.forms.short) put(division.forms.short, { division, form: 'short' });
  }
  return { names, maxLength, divisions };
}

let packaged: Gazetteer | null = null;

/**
 * The gazetteer of the whole country from the installed package, built on first use (~100 ms)
 * and kept: a server pays it once, and commands that never locate never pay it.
 */
export function packagedGazetteer(): Gazetteer {
  packaged ??= buildGazetteer(buildDivisions(packageRows()));
  return packaged;
}
