import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.ts';

// Issue 11, the portal on a phone: a citizen sends photos with the request, checked by content like
// staff uploads, limited per address; only a portal submission may take a portal photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const UPLOADS_PER_MINUTE = 4;
let t: TestApp;
let address = 0;
const nextAddress = () => `203.0.113.${(address += 1)}`;

beforeAll(async () => {
  t = await buildTestApp({ server: { portalLimits: { uploadsPerMinute: UPLOADS_PER_MINUTE } } });
}, 60_000);
afterAll(() => t.close());

const upload = (bytes: Buffer, type: string, name: string, from = nextAddress()) =>
  t.app.inject({ method: 'POST', url: '/api/public/attachments', remoteAddress: from, headers: { 'content-type': type, 'x-filename': encodeURIComponent(name) }, payload: bytes });
const submit = (attachments: string[], from = nextAddress()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/public/tickets',
    remoteAddress: from,
    payload: { caller: { name: '李四', phone: '13900001111' }, type: 'help', content: '小区门口井盖破损，晚上很危险，请尽快处理', address: '渝中区解放碑新华路 28 号门口', attachments },
  });

describe('photos from the portal', () => {
  it('a photo goes with the request; the center sees it on the ticket as the caller’s', async () => {
    const photo = await upload(PNG, 'image/png', '井盖.png');
    expect(photo.statusCode, photo.body).toBe(201);
    const res = await submit([photo.json().id]);
    expect(res.statusCode, res.body).toBe(201);
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM tickets WHERE number = $1', [res.json().number]);
    const files = (await t.as('dispatcher').get(`/api/tickets/${rows[0]!.id}/attachments`)).json().items;
    expect(files).toMatchObject([{ filename: '井盖.png', contentType: 'image/png', origin: 'caller' }]);
  });

  it('refuses what is not a photo, or not what it claims, with a Chinese message', async () => {
    const pdf = await upload(PDF, 'application/pdf', '材料.pdf');
    expect(pdf.statusCode).toBe(422);
    expect(pdf.json().message).toBe('只能上传照片（JPEG、PNG 或 WebP 格式）');
    const disguised = await upload(PDF, 'image/png', '照片.png');
    expect(disguised.statusCode).toBe(422);
    expect(disguised.json().message).toBe('文件内容与声明的类型 image/png 不符（实际为 PDF 文件）');
    const renamed = await upload(PNG, 'image/png', '照片.exe');
    expect(renamed.statusCode).toBe(422);
    expect((await upload(Buffer.alloc(0), 'image/png', '空.png')).statusCode).toBe(422);
  });

  it('takes only portal photos no ticket has: not a staff upload, not one used already', async () => {
    const staff = await t.as('agent').post('/api/attachments', PNG, { 'content-type': 'image/png', 'x-filename': encodeURIComponent('内部.png') });
    expect(staff.statusCode).toBe(201);
    const refused = await submit([staff.json().id]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toBe('照片已失效，请重新上传');

    const photo = (await upload(PNG, 'image/png', '现场.png')).json().id as string;
    expect((await submit([photo])).statusCode).toBe(201);
    expect((await submit([photo])).statusCode).toBe(422);
    expect((await submit(['00000000-0000-4000-8000-000000000000'])).statusCode).toBe(422);
    expect((await submit(Array.from({ length: 7 }, () => photo))).json().message).toMatch(/最多 6 张照片/);
  });

  it('limits uploads per address', async () => {
    const from = nextAddress();
    for (let i = 0; i < UPLOADS_PER_MINUTE; i += 1) expect((await upload(PNG, 'image/png', `${i}.png`, from)).statusCode).toBe(201);
    const limited = await upload(PNG, 'image/png', 'x.png', from);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/上传过于频繁/);
    expect((await upload(PNG, 'image/png', 'y.png')).statusCode).toBe(201);
  });
});
