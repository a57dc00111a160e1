import type { Example } from './model.ts';

/**
 * A labelled line of a JSONL file (`{"label", "title"?, "body"?}`) as a training example: the
 * title and the body joined as a ticket's title and content are (server/classify/training.ts).
 * null when the line has no label, or no text, or a field of the wrong type.
 */
export function exampleFromLine(line: Record<string, unknown>): Example | null {
  const { label } = line;
  const parts = [line.title, line.body].filter((p) => p !== undefined && p !== null);
  if (typeof label !== 'string' || !label.trim() || !parts.every((p) => typeof p === 'string')) return null;
  const text = (parts as string[]).map((p) => p.trim()).filter(Boolean).join('\n');
  return text ? { label: label.trim(), text } : null;
}
