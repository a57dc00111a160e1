import { formatInstant } from '../../core/calendar/civil-date.ts';
import { KB_STATE_LABELS } from '../../core/kb/workflow.ts';
import type { KbEntryRow } from './store.ts';

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

/** An entry for staff. The answer is Markdown (answerFormat), to be rendered with raw HTML off. */
export function presentEntry(e: KbEntryRow, stats?: { shown: number; used: number; helpful: number; unhelpful: number } | null) {
  return {
    id: e.id,
    externalId: e.external_id,
    state: e.state,
    stateLabel: KB_STATE_LABELS[e.state],
    version: e.version,
    title: e.title,
    questions: e.questions,
    answer: e.answer,
    answerFormat: 'markdown' as const,
    category: e.category,
    ownerUnit: { id: e.owner_unit_id, name: e.owner_name },
    basis: e.basis_text ? { text: e.basis_text, url: e.basis_url } : null,
    effectiveFrom: e.effective_from,
    expiresOn: e.expires_on,
    visibility: e.visibility,
    attachments: e.attachments,
    reviewComment: e.review_comment,
    // 实时共享: which system pushed it, under its own id (凉山 第六条（二）)
    source: e.source_name ? { name: e.source_name, ref: e.source_ref } : null,
    createdAt: at(e.created_at),
    updatedAt: at(e.updated_at),
    publishedAt: at(e.published_at),
    ...(stats ? { uses: stats } : {}),
  };
}

/** An entry for the public portal: what the citizen needs, nothing about the workflow. */
export function presentPublicEntry(e: KbEntryRow) {
  return {
    id: e.id,
    title: e.title,
    questions: e.questions,
    answer: e.answer,
    answerFormat: 'markdown' as const,
    category: e.category,
    ownerUnit: { name: e.owner_name },
    basis: e.basis_text ? { text: e.basis_text, url: e.basis_url } : null,
    effectiveFrom: e.effective_from,
    expiresOn: e.expires_on,
    updatedAt: at(e.updated_at),
  };
}
