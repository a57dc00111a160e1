import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';

interface KeyRow {
  id: string;
  name: string;
  label: string;
  scopes: Array<{ scope: string; label: string }>;
  unit: { id: string; name: string };
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
const activeUnit = (n: { active: boolean }) => n.active;

/** The key, once: it is not kept anywhere it could be read again. */
function ShownOnce({ made, onClose }: { made: { key: string; name: string }; onClose: () => void }) {
  return (
    <Modal open title={`${made.name} 的 API 密钥`} okText="我已妥善保存" cancelButtonProps={{ style: { display: 'none' } }} closable={false} maskClosable={false} onOk={onClose}>
      <Alert type="warning" showIcon title="密钥只显示这一次，服务器只保存其摘要。请复制后通过安全渠道交给对方系统；遗失请轮换。" style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: made.key, tooltips: ['复制', '已复制'] }} code style={{ wordBreak: 'break-all' }}>
        {made.key}
      </Typography.Paragraph>
    </Modal>
  );
}

function CreateModal({ scopes, onClose, onMade }: { scopes: Array<{ scope: string; label: string }>; onClose: () => void; onMade: (m: { key: string; name: string }) => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    const unitId = Array.isArray(v.unit) && v.unit[0] ? (v.unit[0] as string) : undefined;
    try {
      const made = await api.post<{ key: string; name: string }>('/api/admin/api-keys', { name: v.name, scopes: v.scopes, ...(unitId ? { unitId } : {}) });
      onMade(made);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '新建失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open destroyOnHidden title="新建系统账号和 API 密钥" okText="新建" confirmLoading={busy} onCancel={onClose} onOk={() => void save()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]} extra="如：区城管委业务系统、随手拍 App">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="scopes" label="权限范围" rules={[{ required: true, message: '至少选择一个权限范围' }]}>
          <Checkbox.Group options={scopes.map((s) => ({ value: s.scope, label: `${s.label}（${s.scope}）` }))} />
        </Form.Item>
        <Form.Item name="unit" label="限于单位" extra="该单位及其下级的工单，与该单位人员所见相同；不选为热线中心">
          <UnitPicker multiple={false} placeholder="热线中心（可输入名称搜索）" allow={activeUnit} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 系统账号与 API 密钥 (重庆 第二十一条、凉山 第十八条 信息共享): units' systems and Open311 apps reach the
 * platform with a key — made here and shown once, rotated or revoked at once; last use on the list.
 */
export function ApiKeysAdmin() {
  const [rows, setRows] = useState<KeyRow[]>([]);
  const [scopes, setScopes] = useState<Array<{ scope: string; label: string }>>([]);
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<{ key: string; name: string } | null>(null);
  const load = useCallback(() => {
    api
      .get<{ scopes: Array<{ scope: string; label: string }>; items: KeyRow[] }>('/api/admin/api-keys')
      .then((d) => {
        setRows(d.items);
        setScopes(d.scopes);
      })
      .catch(showError);
  }, []);
  useEffect(load, [load]);
  const act = (id: string, what: 'rotate' | 'revoke') =>
    api
      .post<{ key?: string; name: string }>(`/api/admin/api-keys/${id}/${what}`)
      .then((r) => {
        if (r.key) setMade({ key: r.key, name: r.name });
        load();
      })
      .catch(showError);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建 API 密钥
        </Button>
        <Typography.Text type="secondary">请求头 Authorization: Bearer &lt;密钥&gt;；每次调用记入审计日志</Typography.Text>
      </Space>
      <Table<KeyRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '名称', dataIndex: 'name', ellipsis: true },
          { title: '密钥', dataIndex: 'label', width: 230, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: '权限范围', dataIndex: 'scopes', render: (s: KeyRow['scopes']) => s.map((x) => <Tag key={x.scope}>{x.label}</Tag>) },
          { title: '单位', dataIndex: ['unit', 'name'], width: 150, ellipsis: true },
          { title: '最近使用', width: 170, render: (_, k) => (k.lastUsedAt ? `${when(k.lastUsedAt)}${k.lastUsedFrom ? ` · ${k.lastUsedFrom}` : ''}` : '未使用') },
          { title: '状态', width: 150, render: (_, k) => (k.revokedAt ? <Tag>已吊销 {when(k.revokedAt)}</Tag> : <Tag color="green">有效</Tag>) },
          {
            title: '操作',
            width: 130,
            render: (_, k) =>
              k.revokedAt ? null : (
                <Space size={4}>
                  <Popconfirm title="轮换后旧密钥立即失效，确定？" okText="轮换" cancelText="取消" onConfirm={() => act(k.id, 'rotate')}>
                    <Button size="small">轮换</Button>
                  </Popconfirm>
                  <Popconfirm title="吊销后立即失效，不能恢复，确定？" okText="吊销" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => act(k.id, 'revoke')}>
                    <Button size="small" danger>
                      吊销
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {creating && (
        <CreateModal
          scopes={scopes}
          onClose={() => setCreating(false)}
          onMade={(m) => {
            setCreating(false);
            setMade(m);
            load();
          }}
        />
      )}
      {made && <ShownOnce made={made} onClose={() => setMade(null)} />}
    </Space>
  );
}
