import { Alert, Button, Checkbox, Drawer, Form, Input, message, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';

interface Kind {
  kind: string;
  label: string;
}
interface Subscription {
  id: string;
  name: string;
  url: string;
  unit: { id: string; name: string };
  kinds: Kind[];
  secretLabel: string;
  state: 'active' | 'paused';
  paused: { at: string | null; reason: string | null; by: string | null; automatic: boolean } | null;
  consecutiveFailures: number;
  pending: number;
  failed: number;
  lastDeliveredAt: string | null;
  actions: Array<'edit' | 'pause' | 'resume'>;
}
interface Attempt {
  attempt: number;
  at: string;
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
  replayBy: string | null;
}
interface Delivery {
  id: string;
  kind: string;
  kindLabel: string;
  ticket: { id: string; number: string | null } | null;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  log: Attempt[];
}

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—');
const activeUnit = (n: { active: boolean }) => n.active;
const STATE_TAGS: Record<Delivery['state'], { color: string; label: string }> = {
  pending: { color: 'blue', label: '待投递' },
  delivered: { color: 'green', label: '已送达' },
  failed: { color: 'red', label: '已放弃' },
};

/** The signing secret, once: the server keeps it sealed and never shows it again. */
function SecretOnce({ made, onClose }: { made: { secret: string; name: string }; onClose: () => void }) {
  return (
    <Modal open title={`「${made.name}」的签名密钥`} okText="我已妥善保存" cancelButtonProps={{ style: { display: 'none' } }} closable={false} maskClosable={false} onOk={onClose}>
      <Alert
        type="warning"
        showIcon
        title="密钥只显示这一次。对方系统用它验证签名：HMAC-SHA256(密钥, 时间戳 + '.' + 原始请求体)，与请求头 X-Open12345-Signature（sha256=十六进制）比对。"
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph copyable={{ text: made.secret, tooltips: ['复制', '已复制'] }} code style={{ wordBreak: 'break-all' }}>
        {made.secret}
      </Typography.Paragraph>
    </Modal>
  );
}

/** 新建 or 编辑: a new one names its unit; an existing one keeps it (another unit is another subscriber). */
function SubscriptionModal({ kinds, editing, onClose, onSaved }: { kinds: Kind[]; editing: Subscription | null; onClose: () => void; onSaved: (made?: { secret: string; name: string }) => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        await api.put(`/api/admin/webhooks/${editing.id}`, { name: v.name, url: v.url, kinds: v.kinds });
        onSaved();
      } else {
        const unitId = Array.isArray(v.unit) && v.unit[0] ? (v.unit[0] as string) : undefined;
        const made = await api.post<{ secret: string; name: string }>('/api/admin/webhooks', { name: v.name, url: v.url, kinds: v.kinds, ...(unitId ? { unitId } : {}) });
        onSaved(made);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open destroyOnHidden width={640} title={editing ? `编辑订阅「${editing.name}」` : '新建 Webhook 订阅'} okText={editing ? '保存' : '新建'} confirmLoading={busy} onCancel={onClose} onOk={() => void save()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, url: editing.url, kinds: editing.kinds.map((k) => k.kind) } : { kinds: ['dispatched', 'closed'] }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]} extra="如：渝中区网格化管理平台">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="url" label="接收地址" rules={[{ required: true, whitespace: true, message: '请填写接收地址' }]} extra="对方系统接收推送的 http(s) 地址，以 POST JSON 推送">
          <Input maxLength={500} placeholder="https://" />
        </Form.Item>
        <Form.Item name="kinds" label="推送的事件" rules={[{ required: true, message: '至少选择一种事件' }]}>
          <Checkbox.Group options={kinds.map((k) => ({ value: k.kind, label: k.label }))} />
        </Form.Item>
        {editing ? (
          <Form.Item label="限于单位" extra="单位不能修改；换单位请新建订阅">
            <Typography.Text>{editing.unit.name}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="unit" label="限于单位" extra="只推送该单位及其下级承办的工单，来电人信息按该单位人员所见脱敏；不选为热线中心（全部工单）">
            <UnitPicker multiple={false} placeholder="热线中心（可输入名称搜索）" allow={activeUnit} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 投递记录: every delivery's tries, and 重新推送 for any of them. */
function DeliveryLog({ sub, onClose, onChanged }: { sub: Subscription; onClose: () => void; onChanged: () => void }) {
  const [state, setState] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: Delivery[] }>({ total: 0, items: [] });
  const [replaying, setReplaying] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<{ total: number; items: Delivery[] }>(`/api/admin/webhooks/${sub.id}/deliveries${query({ state, page, pageSize: 20 })}`)
      .then(setData)
      .catch(showError);
  }, [sub.id, state, page]);
  useEffect(load, [load]);
  const replay = (d: Delivery) => {
    setReplaying(d.id);
    api
      .post<{ ok: boolean; status: number | null; error: string | null }>(`/api/admin/webhooks/deliveries/${d.id}/replay`)
      .then((r) => {
        if (r.ok) void message.success(`已重新推送，对方应答 ${r.status}`);
        else void message.error(`重新推送失败：${r.error ?? '未知错误'}`);
        load();
        onChanged();
      })
      .catch(showError)
      .finally(() => setReplaying(null));
  };
  return (
    <Drawer open size={960} title={`投递记录 · ${sub.name}`} onClose={onClose}>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={Object.entries(STATE_TAGS).map(([value, t]) => ({ value, label: t.label }))}
        />
        <Typography.Text type="secondary">同一投递的每次重试和重新推送使用相同的投递编号（X-Open12345-Delivery）和内容</Typography.Text>
      </Space>
      <Table<Delivery>
        rowKey="id"
        size="small"
        dataSource={data.items}
        pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (d) => (
            <Table<Attempt>
              rowKey="attempt"
              size="small"
              pagination={false}
              dataSource={d.log}
              columns={[
                { title: '第几次', dataIndex: 'attempt', width: 70 },
                { title: '时间', dataIndex: 'at', width: 170, render: when },
                { title: '结果', width: 80, render: (_, a) => (a.ok ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>) },
                { title: '应答码', dataIndex: 'status', width: 80, render: (s: number | null) => s ?? '—' },
                { title: '耗时', dataIndex: 'durationMs', width: 90, render: (ms: number) => `${ms} 毫秒` },
                { title: '错误', dataIndex: 'error', ellipsis: true, render: (e: string | null) => e ?? '' },
                { title: '重新推送', dataIndex: 'replayBy', width: 110, render: (b: string | null) => b ?? '' },
              ]}
            />
          ),
        }}
        columns={[
          { title: '产生时间', dataIndex: 'createdAt', width: 160, render: when },
          { title: '事件', dataIndex: 'kindLabel', width: 100 },
          { title: '工单', width: 140, render: (_, d) => (d.ticket ? <Link to={`/tickets/${d.ticket.id}`}>{d.ticket.number ?? d.ticket.id.slice(0, 8)}</Link> : '—') },
          { title: '状态', width: 86, render: (_, d) => <Tag color={STATE_TAGS[d.state].color}>{STATE_TAGS[d.state].label}</Tag> },
          { title: '尝试', dataIndex: 'attempts', width: 56 },
          {
            title: '最近结果',
            ellipsis: true,
            render: (_, d) => (d.state === 'delivered' ? `送达 ${when(d.deliveredAt)}` : d.lastError ? `${d.lastError}${d.nextAttemptAt ? `；下次重试 ${when(d.nextAttemptAt)}` : ''}` : '等待投递'),
          },
          {
            title: '操作',
            width: 104,
            render: (_, d) => (
              <Popconfirm title="立即重新推送这次投递？" okText="推送" cancelText="取消" onConfirm={() => replay(d)}>
                <Button size="small" loading={replaying === d.id}>
                  重新推送
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

/**
 * 系统管理 · Webhook 数据推送 (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五） 信息共享): units' systems told of
 * their tickets' events as they happen — subscriptions made here (the signing secret shown once),
 * paused and resumed, with the delivery log and replay. A failing endpoint pauses itself, with why.
 */
export function WebhooksAdmin() {
  const [rows, setRows] = useState<Subscription[]>([]);
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [rules, setRules] = useState<{ maxAttempts: number; autoPauseAfter: number } | null>(null);
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const [made, setMade] = useState<{ secret: string; name: string } | null>(null);
  const [logOf, setLogOf] = useState<Subscription | null>(null);
  const load = useCallback(() => {
    api
      .get<{ kinds: Kind[]; rules: { maxAttempts: number; autoPauseAfter: number }; items: Subscription[] }>('/api/admin/webhooks')
      .then((d) => {
        setRows(d.items);
        setKinds(d.kinds);
        setRules(d.rules);
      })
      .catch(showError);
  }, []);
  useEffect(load, [load]);
  const act = (s: Subscription, what: 'pause' | 'resume') =>
    api
      .post(`/api/admin/webhooks/${s.id}/${what}`)
      .then(load)
      .catch(showError);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={() => setEditing('new')}>
          新建订阅
        </Button>
        <Typography.Text type="secondary">
          工单事件实时推送给承办单位的业务系统；签名与话务事件接口相同（见 README「Webhooks」）
          {rules ? `；失败后退避重试，每次投递最多 ${rules.maxAttempts} 次，连续失败 ${rules.autoPauseAfter} 次自动暂停` : ''}
        </Typography.Text>
      </Space>
      <Table<Subscription>
        rowKey="id"
        size="small"
        scroll={{ x: 1280 }}
        dataSource={rows}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '名称', dataIndex: 'name', width: 140, ellipsis: true },
          { title: '接收地址', dataIndex: 'url', width: 240, ellipsis: { showTitle: false }, render: (u: string) => <Tooltip title={u}><Typography.Text code>{u}</Typography.Text></Tooltip> },
          { title: '单位', dataIndex: ['unit', 'name'], width: 140, ellipsis: true },
          { title: '事件', dataIndex: 'kinds', width: 200, render: (ks: Kind[]) => ks.map((k) => <Tag key={k.kind}>{k.label}</Tag>) },
          {
            title: '状态',
            width: 170,
            render: (_, s) =>
              s.paused ? (
                <Tooltip title={`${s.paused.reason ?? ''}（${s.paused.by ?? ''} ${when(s.paused.at)}）`}>
                  <Tag color={s.paused.automatic ? 'red' : 'default'}>{s.paused.automatic ? '已自动暂停' : '已暂停'}</Tag>
                  <div style={{ fontSize: 12, color: '#888', whiteSpace: 'normal' }}>{s.paused.reason}</div>
                </Tooltip>
              ) : (
                <Tag color="green">推送中{s.consecutiveFailures ? `（连续失败 ${s.consecutiveFailures}）` : ''}</Tag>
              ),
          },
          { title: '待投递/已放弃', width: 110, render: (_, s) => `${s.pending} / ${s.failed}` },
          { title: '最近送达', dataIndex: 'lastDeliveredAt', width: 160, render: when },
          {
            title: '操作',
            width: 210,
            render: (_, s) => (
              <Space size={4}>
                <Button size="small" onClick={() => setLogOf(s)}>
                  投递记录
                </Button>
                {s.actions.includes('edit') && (
                  <Button size="small" onClick={() => setEditing(s)}>
                    编辑
                  </Button>
                )}
                {s.actions.includes('pause') && (
                  <Popconfirm title="暂停后新事件排队等待，恢复后再投递。确定暂停？" okText="暂停" cancelText="取消" onConfirm={() => act(s, 'pause')}>
                    <Button size="small">暂停</Button>
                  </Popconfirm>
                )}
                {s.actions.includes('resume') && (
                  <Button size="small" type="primary" onClick={() => void act(s, 'resume')}>
                    恢复
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <SubscriptionModal
          kinds={kinds}
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            if (m) setMade(m);
            load();
          }}
        />
      )}
      {made && <SecretOnce made={made} onClose={() => setMade(null)} />}
      {logOf && <DeliveryLog sub={logOf} onClose={() => setLogOf(null)} onChanged={load} />}
    </Space>
  );
}
