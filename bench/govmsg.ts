import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real citizen messages with their official replies (../shared/data/govmsg, read at run time and
 * never copied into the repository), for the benchmarks that need real Chinese text.
 */
export const GOVMSG_REPLIES = join(import.meta.dirname, '../../shared/data/govmsg/messages-with-replies.jsonl');

export interface Message {
  id: string;
  title: string;
  body: string;
  reply: string;
}

/** The messages, or null when the data set is not on this machine. */
export function readMessages(): Message[] | null {
  if (!existsSync(GOVMSG_REPLIES)) return null;
  return readFileSync(GOVMSG_REPLIES, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Message)
    .map((m) => ({ id: String(m.id), title: m.title, body: m.body, reply: m.reply }));
}

export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

/** KB entries that look like the real ones: sentences of two replies recombined, titles crossed, codes changed (JSON lines for importEntries). */
export function* kbPadding(messages: readonly Message[], count: number): Generator<string> {
  const rnd = seededRandom(12345);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const sentences = (t: string) => t.split(/(?<=[。！？；])/).filter((s) => s.trim());
  const recode = (t: string) => t.replace(/([A-Z])(\d+)/g, (_, l: string) => `${l}${1 + Math.floor(rnd() * 9)}`);
  for (let i = 0; i < count; i += 1) {
    const a = pick(messages);
    const b = pick(messages);
    const cut = (t: string) => t.slice(0, Math.max(2, Math.ceil(t.length / 2)));
    const title = recode(`${cut(a.title)}${b.title.slice(Math.ceil(b.title.length / 2))}`);
    const answer = recode([...sentences(a.reply).filter(() => rnd() > 0.3), ...sentences(b.reply).filter(() => rnd() > 0.7)].join(''));
    yield JSON.stringify({ id: `pad-${i}`, title, answer: answer || a.reply, state: 'published' });
  }
}
