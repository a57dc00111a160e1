import { Alert, Button, Form, Input, Modal, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { DEPUTY_BODIES, DEPUTY_BODY_LABELS, DEPUTY_LEVELS, DEPUTY_LEVEL_LABELS } from '../../../core/flags/deputies.ts';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';

interface Deputy {
  id: string;
  name: string;
  body: string;
  level: string;
  title: string;
  term: string | null;
  delegation: string | null;
  phone: string | null;
  note: string | null;
  active: boolean;
  requests: number;
}

const BODY_OPTIONS = DEPUTY_BODIES.map((v) => ({ value: v, label: DEPUTY_BODY_LABELS[v] }));
const LEVEL_OPTIONS = DEPUTY_LEVELS.map((v) => ({ value: v, label: DEPUTY_LEVEL_LABELS[v] }));

function DeputyModal({ deputy, onClose, onSaved }: { deputy?: Deputy; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    const phone = typeof v.phone === 'string' && v.phone.trim() ? v.phone.trim() : undefined;
    const body = {
      name: v.name,
      body: v.body,
      level: v.level,
      ...(v.term ? { term: v.term } : {}),
      ...(v.delegation ? { delegation: v.delegation } : {}),
      ...(v.note ? { note: v.note } : {}),
      // editing: an empty field keeps the number on file (it is shown masked); a new one replaces it
      ...(phone ? { phone } : {}),
    };
    try {
      if (deputy) await api.put(`/api/deputies/${deputy.id}`, { ...body, active: v.active });
      else await api.post('/api/deputies', body);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open destroyOnHidden title={deputy ? `编辑代表委员：${deputy.name}` : '新增代表委员'} okText="保存" confirmLoading={busy} onCancel={onClose} onOk={() => void save()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={deputy ? { name: deputy.name, body: deputy.body, level: deputy.level, term: deputy.term, delegation: deputy.delegation, note: deputy.note, active: deputy.active } : { body: 'npc', level: 'city' }}
      >
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={50} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="body" label="身份" rules={[{ required: true }]}>
            <Select options={BODY_OPTIONS} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="level" label="层级" rules={[{ required: true }]}>
            <Select options={LEVEL_OPTIONS} style={{ width: 130 }} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="term" label="届次">
            <Input maxLength={30} placeholder="如：第十七届" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="delegation" label="代表团（界别）">
            <Input maxLength={50} style={{ width: 270 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="phone"
          label="联系电话"
          rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: '电话号码格式不正确' }]}
          extra={deputy ? `现号码 ${deputy.phone ?? '（无）'}；不填则保留。该号码来电时坐席自动识别为代表委员件。` : '该号码来电时坐席自动识别为代表委员件（加密保存）'}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {deputy && (
          <Form.Item name="active" label="在任" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 代表委员库 (邵阳 第十八条: 人大代表基本信息库): the administrator adds, edits and retires entries; the
 * number is kept sealed and lets the desk recognise a deputy's call.
 */
export function DeputiesAdmin() {
  const [items, setItems] = useState<Deputy[]>([]);
  const [active, setActive] = useState('true');
  const [editing, setEditing] = useState<Deputy | 'new' | null>(null);
  const [loading, setLoading] = useState(false);
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<{ items: Deputy[] }>(`/api/deputies?active=${active}`)
      .then((d) => setItems(d.items))
      .catch(showError)
      .finally(() => setLoading(false));
  }, [active]);
  useEffect(load, [load]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" onClick={() => setEditing('new')}>
          新增代表委员
        </Button>
        <Segmented value={active} onChange={(v) => setActive(String(v))} options={[{ value: 'true', label: '在任' }, { value: 'false', label: '已停用' }, { value: 'all', label: '全部' }]} />
        <Typography.Text type="secondary">邵阳 第十八条：建立人大代表基本信息库、处理反馈机制和工作台账（台账见“督办 · 代表委员诉求台账”）</Typography.Text>
      </Space>
      <Table<Deputy>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '身份', dataIndex: 'title', width: 140 },
          { title: '届次', dataIndex: 'term', width: 90, render: (v: string | null) => v ?? '—' },
          { title: '代表团（界别）', dataIndex: 'delegation', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: '联系电话', dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
          { title: '诉求件数', dataIndex: 'requests', width: 80 },
          { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? <Tag color="green">在任</Tag> : <Tag>已停用</Tag>) },
          { title: '操作', width: 70, render: (_, d) => <Button size="small" onClick={() => setEditing(d)}>编辑</Button> },
        ]}
      />
      {editing && (
        <DeputyModal
          {...(editing === 'new' ? {} : { deputy: editing })}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
    </Space>
  );
}
