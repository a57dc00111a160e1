import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

/**
 * 整理归档 (重庆 第十六条: 真实、清晰、完整; issue 13 item 9): archiving freezes the whole record as a
 * dossier whose hash is on the archive event; it is read back as a PDF and a zip with the attachments'
 * originals and their hashes, cannot be changed, and only the center's keepers may read it.
 */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const sha = (b: Buffer | Uint8Array | string) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
const storage = memoryStorage();
let id: string;
let number: string;
let photoKey: string;

async function ok(user: string, action: string, body: Record<string, unknown> = {}) {
  const r = await t.as(user).act(id, action, body);
  if (r.statusCode !== 200) throw new Error(`${user} ${action}: ${r.statusCode} ${r.body}`);
  return r.json();
}

beforeAll(async () => {
  t = await buildTestApp({ policy: 'chongqing-2021', storage });
  const cookie = await t.login('agent');
  const up = await t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': 'image/png', 'x-filename': encodeURIComponent('现场照片.png') }, payload: PNG });
  expect(up.statusCode, up.body).toBe(201);
  const c = (await t.as('agent').post('/api/tickets', newTicket({ attachments: [up.json().id] }))).json();
  id = c.id;
  number = c.number;
  photoKey = (await t.db.query<{ storage_key: string }>('SELECT storage_key FROM attachments WHERE id = $1', [up.json().id])).rows[0]!.storage_key;
  await ok('dispatcher', 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
  await ok('handler1', 'sign');
  await ok('handler1', 'reply', { process: '现场查看，联系供电所更换灯泡', result: '路灯已修复', contacted: true });
  await ok('dispatcher', 'approve-completion');
  await ok('visitor', 'visit', { satisfaction: 'satisfied', resolution: 'resolved', comment: '来电人表示满意' });
}, 120_000);
afterAll(() => t.close());

describe('the archive dossier', { timeout: 120_000 }, () => {
  it('is there only once the ticket is archived, and only for the center’s keepers', async () => {
    const before = await t.as('dispatcher').get(`/api/tickets/${id}/dossier`);
    expect(before.statusCode).toBe(404);
    expect(before.json().message).toContain('归档时生成');
    const archived = await ok('dispatcher', 'archive');
    expect(archived.status).toBe('archived');
    const meta = (await t.as('dispatcher').get(`/api/tickets/${id}/dossier`)).json();
    expect(meta).toMatchObject({ number, intact: true, archivedBy: expect.stringContaining('派单员') });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.attachments).toEqual([expect.objectContaining({ filename: '现场照片.png', sha256: sha(PNG), size: PNG.length })]);
    // the archive event carries the same hash: the timeline says which record was archived
    expect(archived.events.find((e: { action: string }) => e.action === 'archive')).toMatchObject({ dossierSha256: meta.sha256 });
    for (const user of ['handler1', 'agent', 'visitor']) expect((await t.as(user).get(`/api/tickets/${id}/dossier.zip`)).statusCode, user).toBe(403);
    expect((await t.as('auditor').get(`/api/tickets/${id}/dossier`)).statusCode).toBe(200);
  });

  it('the zip holds the record as hashed, the PDF, the originals and SHA256SUMS', async () => {
    const meta = (await t.as('dispatcher').get(`/api/tickets/${id}/dossier`)).json();
    const r = await t.as('dispatcher').get(`/api/tickets/${id}/dossier.zip`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(`工单档案-${number}.zip`);
    const files = unzipSync(new Uint8Array(r.rawPayload));
    expect(Object.keys(files).sort()).toEqual(['SHA256SUMS.txt', 'attachments/01-现场照片.png', 'dossier.json', 'dossier.pdf']);
    expect(sha(files['dossier.json']!)).toBe(meta.sha256);
    const record = JSON.parse(strFromU8(files['dossier.json']!));
    // true and complete: the caller in full, the unit's reply, the visit, the whole timeline
    expect(record.ticket.caller).toEqual({ name: CALLER.name, phone: CALLER.phone });
    expect(record.ticket.assignments[0].reply).toMatchObject({ result: '路灯已修复' });
    expect(record.ticket.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['register', 'dispatch', 'sign', 'reply', 'approve-completion', 'visit']));
    expect(Buffer.from(files['attachments/01-现场照片.png']!).equals(PNG)).toBe(true);
    expect(strFromU8(files['SHA256SUMS.txt']!)).toBe(`${meta.sha256}  dossier.json\n${sha(PNG)}  attachments/01-现场照片.png\n`);
    const pdf = Buffer.from(files['dossier.pdf']!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/NotoSansSC/); // a Chinese font travels with the file
  });

  it('the PDF alone, the same record', async () => {
    const r = await t.as('supervisor').get(`/api/tickets/${id}/dossier.pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('cannot be changed or removed, and a changed original shows in SHA256SUMS', async () => {
    await expect(t.db.query("UPDATE ticket_dossiers SET sha256 = 'x' WHERE ticket_id = $1", [id])).rejects.toThrow(/归档案卷不可修改/);
    await expect(t.db.query('DELETE FROM ticket_dossiers WHERE ticket_id = $1', [id])).rejects.toThrow(/归档案卷不可修改/);
    await storage.put(photoKey, Buffer.concat([PNG, Buffer.from('x')]));
    const files = unzipSync(new Uint8Array((await t.as('dispatcher').get(`/api/tickets/${id}/dossier.zip`)).rawPayload));
    expect(strFromU8(files['SHA256SUMS.txt']!)).toContain('与上传时不符');
    const audited = await t.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'read.dossier'");
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(4);
  });
});
