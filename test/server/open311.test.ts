import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * Open311 GeoReport v2 at /open311/v2 (issue 15 item 3): apps file and follow requests with the
 * client they use for any city (重庆 第二十一条, 凉山 第十八条 信息共享). A conformance walk of every endpoint
 * in JSON and XML, errors included; a request filed here waits in the dispatcher's queue and its
 * status follows the ticket; nothing personal of the filer (or any caller) is ever answered.
 */
let t: TestApp;
let key: string;
let keyId: string;
let readOnlyKey: string;
let lampCode: string;
let phoneTicketNumber: string;
const bodies: string[] = [];

const FILER = { first_name: '伟', last_name: '张', phone: '13912345678', email: 'zhangwei@example.com' };
const DESCRIPTION = '新华路 88 号门口路灯不亮两周了，张伟 13912345678 反映，晚上出行不安全';

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url, remoteAddress: '10.31.1.1' });
  bodies.push(res.body);
  return res;
}
async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'POST', url, remoteAddress: '10.31.1.2',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
  bodies.push(res.body);
  return res;
}
const xmlText = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

beforeAll(async () => {
  t = await buildTestApp();
  const made = await t.as('admin').post('/api/admin/api-keys', { name: '随手拍 App', scopes: ['open311'] });
  ({ key, id: keyId } = made.json());
  readOnlyKey = (await t.as('admin').post('/api/admin/api-keys', { name: '只读系统', scopes: ['tickets:read'] })).json().key;
}, 120_000);
afterAll(() => t?.close());

describe('Open311 GeoReport v2 (重庆 第二十一条 / 凉山 第十八条 信息共享)', () => {
  it('discovery, services and a service definition, in JSON and XML', async () => {
    const disc = await get('/open311/v2/discovery.json');
    expect(disc.statusCode).toBe(200);
    expect(disc.headers['content-type']).toContain('application/json');
    expect(disc.json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'] });
    expect(disc.json().endpoints[0].url).toMatch(/\/open311\/v2$/);
    const discXml = await get('/open311/v2/discovery.xml');
    expect(discXml.headers['content-type']).toContain('text/xml');
    expect(discXml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<discovery>/);
    expect(discXml.body).toContain('<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>');
    expect(discXml.body).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');

    const services = (await get('/open311/v2/services.json')).json() as Array<Record<string, unknown>>;
    const lamp = services.find((s) => s.service_name === '路灯照明')!;
    expect(lamp).toMatchObject({ metadata: false, type: 'realtime', group: '城乡建设' });
    expect(lamp.service_code).toMatch(/^[0-9a-f]{8}$/);
    lampCode = lamp.service_code as string;
    expect(new Set(services.map((s) => s.service_code)).size).toBe(services.length);
    const servicesXml = (await get('/open311/v2/services.xml')).body;
    expect(servicesXml).toContain(`<service><service_code>${lampCode}</service_code><service_name>路灯照明</service_name>`);
    expect(xmlText(servicesXml, 'service_code')).toHaveLength(services.length);

    expect((await get(`/open311/v2/services/${lampCode}.json`)).json()).toEqual({ service_code: lampCode, attributes: [] });
    expect((await get(`/open311/v2/services/${lampCode}.xml`)).body).toContain(`<service_definition><service_code>${lampCode}</service_code><attributes/></service_definition>`);
  });

  it('errors come in the spec’s shape: [{code, description}] or <errors><error>, with the HTTP status', async () => {
    const missing = await get('/open311/v2/services/ffffffff.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('ffffffff') }]);
    const missingXml = await get('/open311/v2/services/ffffffff.xml');
    expect(missingXml.statusCode).toBe(404);
    expect(missingXml.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/);
    expect((await get('/open311/v2/requests/999999999999999.json')).statusCode).toBe(404);
    expect((await get('/open311/v2/tokens/nope.xml')).body).toContain('<code>404</code>');
    expect((await get('/open311/v2/nothing-here.json')).json()[0].code).toBe(404);
    expect((await get('/open311/v2/requests/1.txt')).statusCode).toBe(404);
    const badStatus = await get('/open311/v2/requests.xml?status=pending');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.body).toContain('<code>400</code>');
    expect((await get('/open311/v2/requests.json?start_date=yesterday')).json()).toEqual([{ code: 400, description: expect.stringContaining('start_date') }]);

    const base = { service_code: lampCode, description: DESCRIPTION, address_string: '渝中区新华路 88 号' };
    const cases: Array<[Record<string, string>, number, string]> = [
      [base, 400, 'api_key'],
      [{ ...base, api_key: 'o12345_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 403, 'api_key'],
      [{ ...base, api_key: readOnlyKey }, 403, 'open311'],
      [{ ...base, api_key: key, service_code: '' }, 400, 'service_code'],
      [{ ...base, api_key: key, service_code: 'ffffffff' }, 400, 'service_code'],
      [{ ...base, api_key: key, description: '' }, 400, 'description'],
      [{ api_key: key, service_code: lampCode, description: DESCRIPTION }, 400, 'address_string'],
      [{ ...base, api_key: key, lat: '29.55' }, 400, 'long'],
      [{ ...base, api_key: key, lat: '129.55', long: '106.57' }, 400, 'lat'],
      [{ ...base, api_key: key, phone: 'call me' }, 400, 'phone'],
    ];
    for (const [fields, status, word] of cases) {
      const res = await postForm('/open311/v2/requests.json', fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json()[0]).toMatchObject({ code: status, description: expect.stringContaining(word) });
    }
    const xml = await postForm('/open311/v2/requests.xml', base);
    expect(xml.statusCode).toBe(400);
    expect(xml.body).toContain('<errors><error><code>400</code>');
  });

  it('a request filed through Open311 waits in the dispatcher’s queue, and its status follows the ticket to closed', async () => {
    const res = await postForm('/open311/v2/requests.json', { api_key: key, service_code: lampCode, description: DESCRIPTION, lat: '29.5573', long: '106.5772', media_url: 'https://img.example.com/lamp.jpg', ...FILER });
    expect(res.statusCode, res.body).toBe(201);
    const [filed] = res.json() as Array<{ service_request_id: string; token: string; service_notice: string }>;
    expect(filed!.service_request_id).toMatch(/^\d{13,}$/);
    const id = filed!.service_request_id;
    expect((await get(`/open311/v2/tokens/${filed!.token}.json`)).json()).toEqual([{ service_request_id: id, token: filed!.token }]);
    expect((await get(`/open311/v2/tokens/${filed!.token}.xml`)).body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);

    // the dispatcher sees it in 待派单 like a portal submission, on the open311 channel
    const queue = (await t.as('dispatcher').get('/api/tickets?status=registered&pageSize=100')).json() as { items: Array<{ id: string; number: string; channel: string; category: string }> };
    const inQueue = queue.items.find((i) => i.number === id)!;
    expect(inQueue).toMatchObject({ channel: 'open311', category: '城乡建设/路灯照明' });
    // filed by the app's system account: audited as it
    const { rows } = await t.db.query<{ actor_name: string }>("SELECT actor_name FROM audit_log WHERE action = 'open311.submit' AND ticket_id = $1", [inQueue.id]);
    expect(rows.map((r) => r.actor_name)).toEqual(['随手拍 App']);

    const open = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(open).toMatchObject({ service_request_id: id, status: 'open', service_code: lampCode, service_name: '路灯照明', lat: 29.5573, long: 106.5772, media_url: 'https://img.example.com/lamp.jpg' });
    expect(open.description).toContain('139****5678');
    expect(open.description).toContain('张*');
    const street = await t.unitId('解放碑街道办事处');
    for (const [user, action, body] of [
      ['dispatcher', 'dispatch', { units: [{ unitId: street, role: 'lead' }] }],
      ['handler1', 'sign', {}],
      ['handler1', 'reply', { process: '现场查看', result: '已更换灯泡', contacted: true }],
      ['dispatcher', 'approve-completion', {}],
    ] as const) expect((await t.as(user).act(inQueue.id, action, body)).statusCode, action).toBe(200);
    const handled = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(handled).toMatchObject({ status: 'open', agency_responsible: '解放碑街道办事处' });
    expect((await t.as('visitor').act(inQueue.id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' })).statusCode).toBe(200);
    const closedXml = (await get(`/open311/v2/requests/${id}.xml`)).body;
    expect(xmlText(closedXml, 'status')).toEqual(['closed']);
    expect(closedXml).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);
  });

  it('GET requests filters by id, code, date and status, and never shows a phone-channel ticket', async () => {
    // registered after the first Open311 request (the first of the day files on a fresh server)
    phoneTicketNumber = (await t.as('agent').post('/api/tickets', newTicket({ content: 'PHONE-ONLY 电话来电的诉求不应出现在 Open311' }))).json().number;
    const second = await t.app.inject({
      method: 'POST', url: '/open311/v2/requests.xml', remoteAddress: '10.31.1.3',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: { service_code: lampCode, description: '七星岗路口路灯白天常亮，浪费电', address_string: '渝中区七星岗路口' },
    });
    bodies.push(second.body);
    expect(second.statusCode, second.body).toBe(201);
    const secondId = xmlText(second.body, 'service_request_id')[0]!;

    const all = (await get('/open311/v2/requests.json')).json() as Array<{ service_request_id: string; status: string }>;
    expect(all.length).toBe(2);
    expect(all.map((r) => r.service_request_id)).not.toContain(phoneTicketNumber);
    expect((await get(`/open311/v2/requests/${phoneTicketNumber}.json`)).statusCode).toBe(404);
    expect((await get('/open311/v2/requests.json?status=open')).json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([secondId]);
    expect((await get('/open311/v2/requests.json?status=closed')).json()).toHaveLength(1);
    expect((await get('/open311/v2/requests.json?status=open,closed')).json()).toHaveLength(2);
    expect((await get(`/open311/v2/requests.json?service_request_id=${secondId},${phoneTicketNumber}`)).json()).toHaveLength(1);
    const other = (await get('/open311/v2/services.json')).json().find((s: { service_name: string }) => s.service_name === '噪声扰民').service_code;
    expect((await get(`/open311/v2/requests.json?service_code=${other}`)).json()).toEqual([]);
    expect((await get(`/open311/v2/requests.json?service_code=${lampCode}`)).json()).toHaveLength(2);
    expect((await get('/open311/v2/requests.json?start_date=2026-11-24T00:00:00%2B08:00')).json()).toEqual([]);
    expect((await get('/open311/v2/requests.json?start_date=2026-11-23T00:00:00Z&end_date=2026-11-23T23:59:59Z')).json()).toHaveLength(2);
    const xml = (await get('/open311/v2/requests.xml?status=open')).body;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<service_requests><request>/);
    expect(xmlText(xml, 'service_request_id')).toEqual([secondId]);
  });

  it('a revoked key files nothing more, at once', async () => {
    expect((await t.as('admin').post(`/api/admin/api-keys/${keyId}/revoke`)).statusCode).toBe(200);
    const res = await postForm('/open311/v2/requests.json', { api_key: key, service_code: lampCode, description: '再报一次', address_string: '新华路' });
    expect(res.statusCode).toBe(403);
  });

  it('no answer holds the filer’s name, phone or e-mail, nor another caller’s request', () => {
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(40);
    for (const secret of ['张伟', FILER.phone, FILER.email, 'zhangwei', '13812341234', '张三', 'PHONE-ONLY']) expect(all, secret).not.toContain(secret);
  });
});
