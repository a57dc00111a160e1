import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';

interface Item {
  seq: number | null;
  at: string;
  actorName: string | null;
  actorUnit: string | null;
  clientAddress: string | null;
  action: string;
  actionLabel: string;
  objectType: string | null;
  objectId: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  caller: string | null;
  detail: Record<string, unknown>;
}
interface Page { total: number; items: Item[] }
interface Verify { ok: boolean; records: number; sealsChecked: number; head: { seq: number } | null; first: { message: string } | null; problems: Array<{ message: string }> }
interface Filters { userId?: string; unitId?: string[]; ticket?: string; phone?: string; action?: string; range?: [Dayjs, Dayjs] }

const ACTIONS = [
  { value: 'read', label: '查看个人信息' },
  { value: 'reveal-phone', label: '查看完整电话' },
  { value: 'ticket', label: '工单操作' },
  { value: 'login', label: '登录' },
  { value: 'admin', label: '系统管理' },
  { value: 'audit', label: '审计日志本身' },
];

/** The filter as the API reads it. */
function params(f: Filters) {
  return {
    userId: f.userId,
    unitId: f.unitId?.[0],
    ticket: f.ticket?.trim(),
    phone: f.phone?.trim(),
    action: f.action,
    from: f.range?.[0].format('YYYY-MM-DD'),
    to: f.range?.[1].format('YYYY-MM-DD'),
  };
}

const detailText = (d: Record<string, unknown>) => {
  if (typeof d.reason === 'string') return `原因：${d.reason}`;
  if (typeof d.phone === 'string') return `号码：${d.phone}`;
  if (typeof d.username === 'string') return `账号：${d.username}`;
  if (d.status !== undefined) return `结果：${d.status}`;
  return '';
};

/** 安全审计: who saw which caller and when, every action, login and change; export; verify the chain. */
export function SecurityPage() {
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page>({ total: 0, items: [] });
  const [loading, setLoading] = useState(false);
  const [actors, setActors] = useState<Array<{ id: string; name: string; unit: string | null }>>([]);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    api
      .get<Page>(`/api/audit${query({ ...params(filters), page, pageSize: 20 })}`)
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [filters, page]);
  useEffect(load, [load]);
  useEffect(() => {
    api.get<typeof actors>('/api/audit/actors').then(setActors).catch(showError);
  }, []);

  const runVerify = () => {
    setVerifying(true);
    api
      .get<Verify>('/api/audit/verify')
      .then(setVerify)
      .catch(showError)
      .finally(() => setVerifying(false));
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="安全审计：谁在何时看了哪位来电人、做了什么" extra={<Button onClick={runVerify} loading={verifying}>校验完整性</Button>}>
        {verify && (
          <Alert
            style={{ marginBottom: 12 }}
            type={verify.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => setVerify(null)}
            message={verify.ok ? `审计日志完整：共 ${verify.records} 条，链头第 ${verify.head?.seq ?? 0} 条，已核对封存 ${verify.sealsChecked} 次` : `审计日志已被破坏：${verify.first?.message}`}
            description={verify.ok ? undefined : verify.problems.slice(1, 6).map((p) => <div key={p.message}>{p.message}</div>)}
          />
        )}
        <Form form={form} layout="inline" onFinish={(v) => { setPage(1); setFilters(v); }} style={{ rowGap: 8 }}>
          <Form.Item name="userId" label="操作人">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder="全部" options={actors.map((a) => ({ value: a.id, label: `${a.name}${a.unit ? `（${a.unit}）` : ''}` }))} />
          </Form.Item>
          <Form.Item name="unitId" label="单位" style={{ width: 260 }}>
            <UnitPicker placeholder="全部" allow={() => true} />
          </Form.Item>
          <Form.Item name="ticket" label="工单"><Input allowClear placeholder="工单编号" style={{ width: 150 }} /></Form.Item>
          <Form.Item name="phone" label="来电号码"><Input allowClear placeholder="完整号码" style={{ width: 140 }} /></Form.Item>
          <Form.Item name="action" label="操作"><Select allowClear style={{ width: 140 }} placeholder="全部" options={ACTIONS} /></Form.Item>
          <Form.Item name="range" label="日期"><DatePicker.RangePicker style={{ width: 240 }} /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">查询</Button>
              <Button href={`/api/audit/export${query(params(filters))}`}>导出</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Table<Item>
        size="small"
        rowKey={(r) => `${r.seq ?? ''}-${r.at}-${r.action}-${r.objectId ?? ''}`}
        loading={loading}
        dataSource={data.items}
        pagination={{ current: page, pageSize: 20, total: data.total, showSizeChanger: false, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70, render: (s: number | null) => s ?? <Typography.Text type="secondary">待链接</Typography.Text> },
          { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => t.slice(0, 19).replace('T', ' ') },
          { title: '操作人', dataIndex: 'actorName', width: 150 },
          { title: '单位', dataIndex: 'actorUnit', width: 180, ellipsis: true },
          { title: '操作', dataIndex: 'actionLabel', width: 190, render: (l: string, r) => <Tag color={r.action.startsWith('read') || r.action === 'reveal-phone' ? 'orange' : r.action.startsWith('login') ? 'blue' : undefined}>{l}</Tag> },
          { title: '工单', dataIndex: 'ticketNumber', width: 150, render: (n: string | null, r) => n ?? (r.objectType === 'ticket' ? r.objectId : '') },
          { title: '来电人', dataIndex: 'caller', width: 110 },
          { title: '客户端地址', dataIndex: 'clientAddress', width: 120 },
          { title: '说明', dataIndex: 'detail', ellipsis: true, render: (d: Record<string, unknown>) => detailText(d) },
        ]}
      />
    </Space>
  );
}
