import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describeEvent, eventDetails, inTimelineOrder, type TicketEvent } from '../../../core/ticket/timeline.ts';
import { CHANNEL_LABELS } from '../../../core/ticket/labels.ts';
import type { Channel } from '../../../core/vocabulary.ts';
import type { Dossier } from './snapshot.ts';
import { describeFlags, type PresentedFlags } from '../../../core/flags/describe.ts';
import { pdfkit } from '../../documents/libraries.ts';

const require = createRequire(import.meta.url);
// Noto Sans SC (SIL OFL), from npm: a PDF must carry its own Chinese font, and the machine may have none
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const loadFonts = () =>
  (fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  });

const when = (iso: unknown) => (typeof iso === 'string' && iso ? iso.slice(0, 16).replace('T', ' ') : '—');
const str = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

interface Share {
  unit: { name: string };
  role: string;
  statusLabel: string;
  signedAt: string | null;
  repliedAt: string | null;
  reply: Record<string, unknown> | null;
  clocks: Clock[];
}
interface Clock {
  label: string;
  startedAt: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  stoppedAt: string | null;
  basis: string;
}

const ROLE: Record<string, string> = { lead: '主办', assist: '协办', joint: '会签' };
const CLOCK_STATUS: Record<string, string> = { running: '计时中', met: '按时', overdue: '超时', stopped: '停止' };

/**
 * The archive's dossier as a PDF (A4): the request, the caller, every share with its reply and clocks,
 * the timeline with what people wrote, the visit, the attachments with their SHA-256, and the hash of
 * the archived record — printed from the frozen record (snapshot.ts), never from the live ticket.
 */
export async function dossierPdf(d: Dossier, sha256: string): Promise<Buffer> {
  const PDFDocument = await pdfkit();
  const { regular, bold } = loadFonts();
  const t = d.ticket as Record<string, unknown>;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `工单档案 ${String(t.number)}`, Author: '12345政务服务便民热线', CreationDate: new Date(d.archivedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const heading = (text: string) => doc.moveDown(0.6).font('bold').fontSize(12).text(text).moveDown(0.2).font('regular').fontSize(9.5);
  const field = (label: string, value: unknown) => doc.font('bold').text(`${label}：`, { continued: true }).font('regular').text(str(value));

  doc.font('bold').fontSize(16).text('12345政务服务便民热线 工单档案', { align: 'center' });
  doc.font('regular').fontSize(9).fillColor('#555').text(`工单编号 ${String(t.number)} · 归档 ${when(d.archivedAt)} · ${d.archivedBy} · 依据 ${d.preset.title}`, { align: 'center' });
  doc.fillColor('black').fontSize(9.5);

  heading('一、诉求');
  field('受理时间', when(t.createdAt));
  field('渠道', CHANNEL_LABELS[t.channel as Channel] ?? t.channel);
  field('类型', t.typeLabel);
  field('紧急程度', t.urgencyLabel);
  field('分类', t.category);
  field('地址', t.address);
  const caller = (t.caller ?? {}) as Record<string, unknown>;
  field('来电人', `${str(caller.name)}  ${str(caller.phone)}${t.anonymous ? '（匿名）' : ''}${t.confidential ? '（要求保密）' : ''}`);
  field('标题', t.title);
  field('诉求内容', t.content);
  // 工单标记: 国办工单, 领导批示件, 涉企诉求, 代表委员件 (邵阳 第二十七条; 重庆 第八条（二）), as the ticket page shows them
  for (const [label, text] of describeFlags(t.flags as PresentedFlags | undefined)) field(label, text);
  field('归档前状态', t.statusLabel);

  heading('二、承办情况');
  const order: Record<string, number> = { lead: 0, joint: 1, assist: 2 };
  const shares = [...((t.assignments ?? []) as Share[])].sort((a, b) => (order[a.role] ?? 3) - (order[b.role] ?? 3));
  if (!shares.length) doc.text('未派单（热线直接办结）。');
  for (const s of shares) {
    doc.font('bold').text(`${s.unit.name}（${ROLE[s.role] ?? s.role}）· ${s.statusLabel}`).font('regular');
    doc.text(`签收 ${when(s.signedAt)}；答复 ${when(s.repliedAt)}`);
    if (s.reply) {
      field('办理过程', s.reply.process);
      field('办理结果', s.reply.result);
      field('办理人', s.reply.handlerName);
    }
    for (const c of s.clocks) doc.text(`· ${c.label}：${when(c.startedAt)} 起，时限 ${when(c.dueAt)}，${CLOCK_STATUS[c.status] ?? c.status}${c.stoppedAt ? `（${when(c.stoppedAt)}）` : ''}；${c.basis}`);
    doc.moveDown(0.3);
  }
  for (const c of (t.clocks ?? []) as Clock[]) doc.text(`· ${c.label}（热线）：${when(c.startedAt)} 起，时限 ${when(c.dueAt)}，${CLOCK_STATUS[c.status] ?? c.status}；${c.basis}`);

  heading('三、办理过程');
  for (const e of inTimelineOrder((t.events ?? []) as TicketEvent[])) {
    doc.font('bold').text(`${when(e.at)}  ${describeEvent(e)}`, { continued: true }).font('regular').text(`  ${e.actor}`);
    for (const x of eventDetails(e)) doc.text(`    ${x.label}：${x.text}`);
  }

  heading('四、回访与评价');
  field('满意度', t.satisfaction === 'satisfied' ? '满意' : t.satisfaction === 'basic' ? '基本满意' : t.satisfaction === 'dissatisfied' ? '不满意' : t.satisfaction);
  field('解决情况', t.resolution === 'resolved' ? '已解决' : t.resolution === 'partly' ? '部分解决' : t.resolution === 'unresolved' ? '未解决' : t.resolution);
  field('办结时间', when(t.closedAt));

  heading('五、附件');
  if (!d.attachments.length) doc.text('无。');
  for (const a of d.attachments) doc.text(`${a.filename}（${a.contentType}，${a.size} 字节，上传 ${when(a.uploadedAt)}）SHA-256 ${a.sha256}`);

  heading('六、完整性');
  doc.text(`本档案据归档时冻结的案卷生成，案卷（dossier.json）SHA-256：${sha256}。附件原件及校验值见同名 zip 包。`);
  doc.end();
  return done;
}
