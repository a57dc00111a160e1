import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 归档案卷 in the browser (重庆 第十六条; issue 13 item 9): the dispatcher archives a closed ticket,
 * and from its page downloads the dossier as a PDF and as a zip whose record matches its hash.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('归档案卷', () => {
  it('the dispatcher archives a closed ticket and downloads its dossier', async () => {
    const agent = await apiClient(e.url, 'agent');
    const dispatcher = await apiClient(e.url, 'dispatcher');
    const handler = await apiClient(e.url, 'handler1');
    const visitor = await apiClient(e.url, 'visitor');
    const unit = (await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道办事处')}`))[0];
    const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '孙先生', phone: '13700005555' }, type: 'help', content: '民生路人行道地砖破损', address: '渝中区解放碑街道民生路' });
    await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: unit.id, role: 'lead' }] });
    await handler.post(`/api/tickets/${t.id}/actions/sign`);
    await handler.post(`/api/tickets/${t.id}/actions/reply`, { process: '组织人员更换地砖', result: '已修复', contacted: true });
    await dispatcher.post(`/api/tickets/${t.id}/actions/approve-completion`);
    await visitor.post(`/api/tickets/${t.id}/actions/visit`, { satisfaction: 'satisfied', resolution: 'resolved' });

    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.goto(`${e.url}/tickets/${t.id}`);
    expect(await page.getByRole('button', { name: '案卷 PDF' }).count()).toBe(0); // not archived yet
    await page.getByRole('button', { name: '归档' }).click();
    await page.getByRole('button', { name: '确认归档' }).click();
    await expect.poll(() => page.getByRole('button', { name: '案卷 PDF' }).count(), { timeout: 15_000 }).toBe(1);
    await e.shot(page, 'dossier-archived');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '案卷 PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`工单档案-${t.number}.pdf`);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /案卷及附件/ }).click()]);
    const files = unzipSync(readFileSync((await zip.path())!));
    const meta = await dispatcher.get(`/api/tickets/${t.id}/dossier`);
    expect(createHash('sha256').update(files['dossier.json']!).digest('hex')).toBe(meta.sha256);
  }, 120_000);
});
