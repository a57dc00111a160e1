import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
/** A 1×1 PNG: what the server checks is that the bytes are a PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** Registering is a few requests: on a loaded 2-core machine it may take seconds. */
const WAIT = { timeout: 15_000 };
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const CALLS = [
  { phone: '13700000001', content: '幸福路3号楼下的路灯坏了三天，晚上一片漆黑' },
  { phone: '13700000002', content: '小区门口烧烤店油烟很大，窗户都不敢开' },
  { phone: '13700000003', content: '公司拖欠工资两个月，老板一直推脱' },
  { phone: '13700000004', content: '孩子下学期入学需要准备哪些材料' },
  { phone: '13700000005', content: '公交站台的顶棚破了，下雨没地方躲' },
];

describe('坐席工作台 through a shift of calls', () => {
  it('an agent registers five calls in a row without leaving the desk, each new number shown', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    const numbers: string[] = [];
    for (const call of CALLS) {
      // the form is empty and the phone field has focus again for each call
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('phone');
      await expect(page.getByLabel('诉求内容').inputValue()).resolves.toBe('');
      await page.keyboard.type(call.phone);
      await page.getByLabel('诉求内容').fill(call.content);
      if (numbers.length === 2) {
        // the caller sends a photo: it goes with the ticket
        await page.locator('input[type=file]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
        await expect.poll(() => page.getByText('现场.png').count(), WAIT).toBe(1);
      }
      await page.getByLabel('诉求内容').press('Alt+1');
      const shown = page.getByTestId('registered');
      await expect.poll(async () => /\d{13}/.exec((await shown.textContent().catch(() => '')) ?? '')?.[0] ?? '', WAIT).not.toBe(numbers.at(-1) ?? '');
      const text = (await shown.textContent()) ?? '';
      numbers.push(/\d{13}/.exec(text)![0]);
      expect(text).toMatch(/查询码 ?[23456789A-HJKMNP-Z]{10}/);
      expect(text).not.toContain('已已');
      expect(new URL(page.url()).pathname).toBe('/agent');
    }
    expect(new Set(numbers).size).toBe(5);
    await expect(page.getByTestId('registered').textContent()).resolves.toContain('本班已登记 5 件');
    await e.shot(page, 'desk-five-calls');
    // the five tickets exist, each with its caller's request
    const found = await page.evaluate(async (nums) => {
      const out: string[] = [];
      for (const n of nums) {
        const r = await fetch(`/api/tickets?q=${n}`).then((x) => x.json());
        out.push(...r.items.map((t: { number: string }) => t.number));
      }
      return out;
    }, numbers);
    expect(found.sort()).toEqual([...numbers].sort());
    const files = await page.evaluate(async (n) => {
      const t = (await fetch(`/api/tickets?number=${n}`).then((x) => x.json())).items[0];
      return (await fetch(`/api/tickets/${t.id}/attachments`).then((x) => x.json())) as unknown;
    }, numbers[2]!);
    expect(JSON.stringify(files)).toContain('现场.png');
    // the link opens the last one
    await page.getByTestId('registered').getByRole('link', { name: '打开工单' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText(numbers.at(-1)!).count(), WAIT).toBeGreaterThan(0);
    expect(e.consoleErrors).toEqual([]);
  });

  it('an emergency raises the cue, and 转紧急热线 refers the call to the hotline it names', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('phone');
    await page.keyboard.type('13700000009');
    await page.getByLabel('诉求内容').fill('我家楼下有个老人晕倒了，叫不醒，请赶快帮忙叫救护车');
    const cue = page.getByRole('alert').filter({ hasText: '可能涉及生命财产安全' });
    await expect.poll(() => cue.count(), WAIT).toBe(1);
    await e.shot(page, 'desk-emergency-cue');
    await cue.getByRole('button', { name: '转 120 急救' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('radio', { name: '120 急救' }).isChecked(), WAIT).toBe(true);
    await dialog.getByRole('button', { name: '登记并提交' }).click();
    await expect.poll(() => page.getByTestId('registered').textContent().catch(() => ''), WAIT).toContain('已转紧急热线');
    // a request that only mentions an ambulance raises nothing
    await page.getByLabel('诉求内容').fill('救护车占道，停在小区门口堵了半天');
    await page.waitForTimeout(300);
    expect(await cue.count()).toBe(0);
    expect(e.consoleErrors).toEqual([]);
  });

  it('all six helper tabs fit beside the form at 1366×768, counts included (none behind 「…」); Alt+5 and Alt+6 open 值班 and 专家', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('phone');
    // a caller with history ringing about a matter already registered: the tabs carry counts
    await page.keyboard.type(CALLS[1]!.phone);
    await page.getByLabel('诉求内容').fill(CALLS[1]!.content);
    const tabs = page.getByRole('tab');
    await expect.poll(() => tabs.allInnerTexts(), WAIT).toEqual(expect.arrayContaining([expect.stringMatching(/^重复件\s*\d+$/), expect.stringMatching(/^历史\s*\d+$/)]));
    expect((await tabs.allInnerTexts()).map((t) => t.replace(/\s*\d+$/, ''))).toEqual(['知识库', '重复件', '历史', '派单', '值班', '专家']);
    const fit = await page.evaluate(() => {
      const wrap = document.querySelector('.ant-tabs-nav-wrap')!.getBoundingClientRect();
      const more = document.querySelector('.ant-tabs-nav-operations');
      return {
        overflowMenu: !!more && !more.classList.contains('ant-tabs-nav-operations-hidden'),
        outside: [...document.querySelectorAll('.ant-tabs-tab')].filter((t) => t.getBoundingClientRect().right > wrap.right + 0.5).map((t) => t.textContent),
      };
    });
    expect(fit).toEqual({ overflowMenu: false, outside: [] });
    // each names itself in full on hover
    expect(await page.getByRole('tab', { name: /^专家/ }).locator('[title]').getAttribute('title')).toContain('专家转接（Alt+6）');
    await e.shot(page, 'agent');
    await page.getByLabel('诉求内容').press('Alt+6');
    await expect.poll(() => page.getByRole('tab', { name: /^专家/ }).getAttribute('aria-selected'), WAIT).toBe('true');
    await page.getByLabel('诉求内容').press('Alt+5');
    await expect.poll(() => page.getByRole('tab', { name: /^值班/ }).getAttribute('aria-selected'), WAIT).toBe('true');
    expect(e.consoleErrors).toEqual([]);
  });

  it('登记并合并 asks first, naming the ticket it merges into', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('phone');
    await page.keyboard.type(CALLS[0]!.phone);
    await page.getByLabel('诉求内容').fill(CALLS[0]!.content);
    await page.getByRole('tab', { name: /重复件/ }).click();
    const merge = page.getByRole('button', { name: /^登记并合并：/ }).first();
    await expect.poll(() => merge.count(), WAIT).toBeGreaterThan(0);
    const original = /：(\d{13})/.exec((await merge.getAttribute('aria-label')) ?? '')![1]!;
    await merge.click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.textContent(), WAIT).toContain(`合并到工单 ${original}`);
    // cancelling registers nothing
    await confirm.getByRole('button', { name: '取消' }).click();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('registered').count()).toBe(0);
    await merge.click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '登记并合并' }).click();
    await expect.poll(() => page.getByTestId('registered').textContent().catch(() => ''), WAIT).toContain('已合并');
    expect(e.consoleErrors).toEqual([]);
  });
});
