/**
 * Knowledge entry answers are Markdown. These helpers give the plain text to index and to cut
 * snippets from; raw HTML inside the Markdown is treated as text, never rendered.
 */
export function markdownToText(markdown: string, opts: { lists?: boolean } = {}): string {
  let text = markdown
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/```\w*/g, ' '))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ');
  // an answer read out or sent to a caller keeps its numbered steps and bullets
  if (opts.lists) text = text.replace(/^\s{0,3}[-*+]\s+/gm, '· ').replace(/^\s{0,3}(\d+)[.)]\s+/gm, '$1. ');
  return text
    .replace(opts.lists ? /^\s{0,3}(#{1,6}|>)\s+/gm : /^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
