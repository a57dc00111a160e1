import type { FastifyRequest } from 'fastify';
import { invalid } from '../http/errors.ts';
import { invalidText, isStorableText } from '../http/input-guard.ts';

/**
 * The file name an upload gives in X-Filename (URL-encoded), or null when none is given; staff and
 * portal uploads read it the same way. Cut by characters, not UTF-16 units, so a cut never leaves
 * half of an emoji.
 */
export function uploadedFilename(request: FastifyRequest): string | null {
  let given: string | null = null;
  try {
    const raw = request.headers['x-filename'];
    if (typeof raw === 'string' && raw) given = Array.from(decodeURIComponent(raw)).slice(0, 200).join('');
  } catch {
    throw invalid('X-Filename 应为 URL 编码的文件名');
  }
  if (given !== null && !isStorableText(given)) throw invalidText('headers', 'x-filename');
  return given;
}
