import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** Issue 10, item 8: attachments follow the ticket's access and privacy rules, and are checked by content. */
let t: TestApp;
let jiefangbei: string;
let jbMarket: string;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0]), Buffer.from('data'), Buffer.alloc(4)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
});
afterAll(() => t.close());

async function upload(user: string, bytes: Buffer, type: string, filename: string) {
  const cookie = await t.login(user);
  return t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': type, 'x-filename': encodeURIComponent(filename) }, payload: bytes });
}

/** A ticket registered with the caller's recording, dispatched to one unit. */
async function withRecording(body: Record<string, unknown>, unitId: string, filename = '来电人录音.wav') {
  const file = await upload('agent', WAV, 'audio/wav', filename);
  expect(file.statusCode).toBe(201);
  const c = (await t.as('agent').post('/api/tickets', newTicket({ ...body, attachments: [file.json().id] }))).json();
  expect((await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId, role: 'lead' }] })).statusCode).toBe(200);
  return { ticketId: c.id as string, fileId: file.json().id as string };
}

const list = async (user: string, ticketId: string) => t.as(user).get(`/api/tickets/${ticketId}/attachments`);
const download = async (user: string, fileId: string) => t.as(user).get(`/api/attachments/${fileId}`);

describe('who gets a ticket’s files', () => {
  it('a unit handling an ordinary ticket lists and downloads the caller’s file', async () => {
    const { ticketId, fileId } = await withRecording({}, jiefangbei);
    const r = await list('handler1', ticketId);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([expect.objectContaining({ id: fileId, filename: '来电人录音.wav', contentType: 'audio/wav', origin: 'caller', url: `/api/attachments/${fileId}` })]);
    const d = await download('handler1', fileId);
    expect(d.statusCode).toBe(200);
    expect(d.rawPayload.equals(WAV)).toBe(true);
    // a unit that never held it: neither the list nor the file exists for it
    expect((await list('handler2', ticketId)).statusCode).toBe(404);
    expect((await download('handler2', fileId)).statusCode).toBe(404);
  });

  it('the accused unit never gets the complainant’s files, nor their names', async () => {
    const { ticketId, fileId } = await withRecording({ type: 'complaint', content: '江北区市场监管局执法人员态度恶劣', subjectUnitId: jbMarket }, jbMarket, '张三投诉录音.wav');
    const r = await list('handler2', ticketId);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([]);
    expect(r.body).not.toContain('张三投诉录音');
    expect((await download('handler2', fileId)).statusCode).toBe(404);
    // the center still has it
    expect((await list('dispatcher', ticketId)).json().items).toHaveLength(1);
    expect((await download('supervisor', fileId)).statusCode).toBe(200);
  });

  it('a confidential or anonymous caller’s files are not given to any unit', async () => {
    for (const flags of [{ confidential: true }, { anonymous: true, caller: {} }]) {
      const { ticketId, fileId } = await withRecording(flags, jiefangbei);
      expect((await list('handler1', ticketId)).json().items).toEqual([]);
      expect((await download('handler1', fileId)).statusCode).toBe(404);
    }
  });

  it('a unit whose share ended keeps only its own uploads', async () => {
    const { ticketId, fileId } = await withRecording({}, jiefangbei);
    const photo = await upload('handler1', PNG, 'image/png', '现场.png');
    expect(photo.statusCode).toBe(201);
    expect((await t.as('handler1').act(ticketId, 'return', { reason: '不属于本街道', photos: [photo.json().id] })).statusCode).toBe(200);
    expect((await t.as('dispatcher').act(ticketId, 'approve-return', {})).statusCode).toBe(200);
    expect((await t.as('dispatcher').act(ticketId, 'dispatch', { units: [{ unitId: jbMarket, role: 'lead' }] })).statusCode).toBe(200);
    const ended = (await list('handler1', ticketId)).json().items;
    expect(ended.map((i: { id: string }) => i.id)).toEqual([photo.json().id]);
    expect((await download('handler1', fileId)).statusCode).toBe(404);
    // the unit now holding it sees the caller's file and the returned unit's photo
    const holder = (await list('handler2', ticketId)).json().items;
    // both were stored at the test's frozen clock: the same instant, so their order is not the point here
    expect(holder.map((i: { origin: string }) => i.origin).sort()).toEqual(['caller', 'unit']);
    expect((await download('handler2', photo.json().id)).statusCode).toBe(200);
  });
});

describe('uploads are checked by content', () => {
  it('accepts files whose bytes are what they claim', async () => {
    for (const [bytes, type, name] of [[PNG, 'image/png', '照片.png'], [WAV, 'audio/wav', '录音.wav'], [PDF, 'application/pdf', '材料.pdf']] as const) {
      const r = await upload('agent', bytes, type, name);
      expect(r.statusCode, name).toBe(201);
    }
  });

  it('refuses a file whose bytes do not match its declared type or its extension, with 422 in Chinese', async () => {
    const pdfAsPng = await upload('agent', PDF, 'image/png', '照片.png');
    expect(pdfAsPng.statusCode).toBe(422);
    expect(pdfAsPng.json().message).toBe('文件内容与声明的类型 image/png 不符（实际为 PDF 文件）');
    const text = await upload('agent', Buffer.from('<script>alert(1)</script>'), 'image/jpeg', 'a.jpg');
    expect(text.statusCode).toBe(422);
    expect(text.json().message).toContain('无法识别的文件内容');
    const renamed = await upload('agent', PNG, 'image/png', '报告.pdf');
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().message).toBe('文件扩展名 .pdf 与文件内容（PNG）不符');
  });
});
