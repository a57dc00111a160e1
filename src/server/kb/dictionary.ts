import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole, type Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Db } from '../db/connection.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { reindexEntry } from './commands.ts';
import { forgetLexicon, lexiconFor } from './lexicon.ts';
import { BUILTIN_WORDS } from './segmenter.ts';

const TAG = ['知识库词典'];
const word = z.string().trim().min(2, '词语至少 2 个字').max(20, '词语不能超过 20 个字').regex(/^[\p{L}\p{N}]+$/u, '词语只能包含文字和数字');

function requireDictionaryAdmin(actor: Actor): void {
  if (!(hasRole(actor, 'admin') || (actor.isCenter && hasRole(actor, 'kb_reviewer')))) throw forbidden('只有系统管理员或热线中心的知识审核员可以维护词典');
}

/**
 * Re-segments the entries whose title, questions or answer contain `text`: after a dictionary change
 * their words change, and every server instance must find them by the new words at once.
 */
export async function reindexContaining(db: Db, text: string): Promise<number> {
  forgetLexicon(db);
  const lexicon = await lexiconFor(db);
  const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM kb_entries WHERE title ILIKE $1 OR answer ILIKE $1 OR array_to_string(questions, ' ') ILIKE $1`,
    [like],
  );
  for (const { id } of rows) {
    await db.transaction(async (tx) => {
      const e = (await tx.query<{ title: string; questions: string[]; answer: string }>('SELECT title, questions, answer FROM kb_entries WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (e) await reindexEntry(tx, lexicon, id, e, false);
    });
  }
  return rows.length;
}

/** The domain dictionary and the synonym groups, edited by admins (规范知识库信息数据录入标准). */
export function kbDictionaryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/kb/dictionary', { schema: { tags: TAG, summary: '领域词典与同义词' } }, async () => {
    const [words, synonyms] = await Promise.all([
      ctx.db.query<{ word: string }>('SELECT word FROM kb_words ORDER BY word'),
      ctx.db.query<{ id: string; words: string[] }>('SELECT id, words FROM kb_synonyms ORDER BY created_at, id'),
    ]);
    return { builtinWords: BUILTIN_WORDS, words: words.rows.map((w) => w.word), synonyms: synonyms.rows };
  });

  r.post(
    '/api/kb/dictionary/words',
    { schema: { tags: TAG, summary: '添加领域词（含该词的条目随即重新分词）', body: z.object({ word }).strict() } },
    async (request, reply) => {
      requireDictionaryAdmin(request.actor!);
      const w = request.body.word.normalize('NFKC').toLowerCase();
      const r1 = await ctx.db.query('INSERT INTO kb_words (word, created_by) VALUES ($1, $2) ON CONFLICT DO NOTHING', [w, request.actor!.id]);
      if (!r1.rowCount) throw conflict('该词已在词典中');
      const reindexed = await reindexContaining(ctx.db, w);
      reply.status(201);
      return { word: w, reindexed };
    },
  );

  r.delete(
    '/api/kb/dictionary/words/:word',
    { schema: { tags: TAG, summary: '删除领域词', params: z.object({ word: z.string().max(20) }).strict() } },
    async (request) => {
      requireDictionaryAdmin(request.actor!);
      const r1 = await ctx.db.query('DELETE FROM kb_words WHERE word = $1', [request.params.word]);
      if (!r1.rowCount) throw notFound('词典中没有这个词');
      return { word: request.params.word, reindexed: await reindexContaining(ctx.db, request.params.word) };
    },
  );

  r.post(
    '/api/kb/dictionary/synonyms',
    {
      schema: {
        tags: TAG,
        summary: '添加同义词组（查询时互相扩展，如 社保/社会保险）',
        body: z.object({ words: z.array(word).min(2, '同义词组至少 2 个词').max(20) }).strict(),
      },
    },
    async (request, reply) => {
      requireDictionaryAdmin(request.actor!);
      const words = [...new Set(request.body.words.map((w) => w.normalize('NFKC').toLowerCase()))];
      const { rows } = await ctx.db.query<{ id: string }>('INSERT INTO kb_synonyms (words, created_by) VALUES ($1, $2) RETURNING id', [words, request.actor!.id]);
      // Synonyms are dictionary words as well: entries containing them are segmented anew.
      let reindexed = 0;
      for (const w of words) reindexed += await reindexContaining(ctx.db, w);
      reply.status(201);
      return { id: rows[0]!.id, words, reindexed };
    },
  );

  r.delete(
    '/api/kb/dictionary/synonyms/:id',
    { schema: { tags: TAG, summary: '删除同义词组', params: z.object({ id: z.string().uuid('编号无效') }).strict() } },
    async (request) => {
      requireDictionaryAdmin(request.actor!);
      const { rows } = await ctx.db.query<{ words: string[] }>('DELETE FROM kb_synonyms WHERE id = $1 RETURNING words', [request.params.id]);
      if (!rows[0]) throw notFound('同义词组不存在');
      let reindexed = 0;
      for (const w of rows[0].words) reindexed += await reindexContaining(ctx.db, w);
      return { ok: true, reindexed };
    },
  );
}
