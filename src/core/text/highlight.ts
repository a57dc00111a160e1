/**
 * Snippets with the matched terms marked: `<mark>` around each hit, everything else HTML-escaped,
 * so a client can put the snippet into a page as HTML without letting an entry's text in as markup.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

interface Hit {
  start: number;
  end: number;
}

function findHits(text: string, terms: readonly string[]): Hit[] {
  const lower = text.toLowerCase();
  const hits: Hit[] = [];
  // Longer terms first, so 住房公积金 wins over 公积金 where both match.
  for (const term of [...new Set(terms.map((t) => t.toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length)) {
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) {
      const end = i + term.length;
      if (!hits.some((h) => i < h.end && end > h.start)) hits.push({ start: i, end });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

function render(text: string, hits: Hit[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue;
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The whole text (a title) with every matched term marked. */
export function highlightAll(text: string, terms: readonly string[]): string {
  return render(text, findHits(text, terms), 0, text.length);
}

/**
 * A window of about `length` characters around the densest cluster of hits (the start of the text
 * when nothing matches), with an ellipsis where it was cut.
 */
export function highlightSnippet(text: string, terms: readonly string[], length = 120): string {
  const hits = findHits(text, terms);
  if (text.length <= length) return render(text, hits, 0, text.length);
  let best = 0;
  let bestCount = -1;
  for (const h of hits) {
    const count = hits.filter((x) => x.start >= h.start && x.end <= h.start + length).length;
    if (count > bestCount) {
      bestCount = count;
      best = h.start;
    }
  }
  const from = Math.max(0, Math.min(best - Math.floor(length / 5), text.length - length));
  const to = Math.min(text.length, from + length);
  return `${from > 0 ? '…' : ''}${render(text, hits, from, to)}${to < text.length ? '…' : ''}`;
}
