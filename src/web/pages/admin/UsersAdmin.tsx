import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ROLE_LABELS } from '../../../core/vocabulary.ts';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useSession } from '../../session.tsx';
import { ExtensionCell } from './ExtensionCell.tsx';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string;
  unitName: string;
  defaultPassword: boolean;
  active: boolean;
  locked: boolean;
  totpEnabled: boolean;
}

const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));
// a user may belong to any unit that is in use, the center included
const anyActiveUnit = (n: { active: boolean }) => n.active;

/** 新建用户, or 编辑 a user's name, unit and roles. */
function UserModal(props: { user?: UserRow; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { user } = props;
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (user) await api.put(`/api/admin/users/${user.id}`, { displayName: v.displayName, unitId: v.unitId?.[0], roles: v.roles });
      else await api.post('/api/admin/users', { ...v, unitId: v.unitId?.[0] });
      props.onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open destroyOnHidden title={user ? `编辑用户：${user.username}` : '新建用户'} okText="保存" confirmLoading={busy} onCancel={props.onClose} onOk={() => void save()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={user ? { displayName: user.displayName, unitId: [user.unitId], roles: user.roles } : undefined}>
        {!user && (
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[a-z0-9_.-]{3,32}$/, message: '3–32 位小写字母、数字或 _ . -' }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]} extra="承办单位的用户只能担任承办人、单位管理员、知识采编">
          <UnitPicker multiple={false} placeholder="选择单位（可输入名称搜索）" allow={anyActiveUnit} />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select mode="multiple" options={ROLE_OPTIONS} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label="初始密码" extra="用户首次登录后须修改" rules={[{ required: true, message: '请填写初始密码' }, { min: 10, message: '密码至少 10 位' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 系统管理 · 用户与角色: accounts, their roles and unit, and what an admin does for a locked-out or departing user. */
export function UsersAdmin() {
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const [rows, setRows] = useState<UserRow[]>([]);
  const [dialog, setDialog] = useState<UserRow | 'new' | null>(null);
  const [q, setQ] = useState('');
  const [extensions, setExtensions] = useState<Map<string, string>>(new Map());
  const load = useCallback(() => {
    api.get<UserRow[]>('/api/admin/users').then(setRows).catch(showError);
    // 坐席分机 (issue 14): which extension pops up on whose desk
    api
      .get<{ items: Array<{ userId: string; extension: string }> }>('/api/admin/extensions')
      .then((r) => setExtensions(new Map(r.items.map((x) => [x.userId, x.extension]))))
      .catch(showError);
  }, []);
  useEffect(load, [load]);
  const shown = useMemo(() => {
    const s = q.trim();
    return s ? rows.filter((u) => u.username.includes(s) || u.displayName.includes(s) || u.unitName.includes(s)) : rows;
  }, [rows, q]);
  const act = (u: UserRow, action: string, done: string) =>
    api.post(`/api/admin/users/${u.id}/${action}`).then(() => (message.success(done), load())).catch(showError);
  const resetPassword = async (u: UserRow) => {
    try {
      const { temporaryPassword } = await api.post<{ temporaryPassword: string }>(`/api/admin/users/${u.id}/reset-password`);
      modal.info({
        title: `${u.displayName} 的临时密码`,
        content: (
          <>
            <Typography.Paragraph copyable={{ text: temporaryPassword }}>
              <Typography.Text code style={{ fontSize: 18 }}>{temporaryPassword}</Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">仅显示这一次。请当面或通过可靠渠道交给本人；其登录已全部失效，用临时密码登录后须立即修改密码。</Typography.Paragraph>
          </>
        ),
      });
      load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setDialog('new')}>新建用户</Button>
        <Input.Search allowClear placeholder="用户名、姓名或单位" aria-label="查找用户" onChange={(e) => setQ(e.target.value)} style={{ width: 260 }} />
      </Space>
      <Table<UserRow>
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={{ pageSize: 12, showTotal: (n) => `共 ${n} 个用户` }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 110 },
          { title: '姓名', dataIndex: 'displayName', ellipsis: true },
          { title: '单位', dataIndex: 'unitName', ellipsis: true },
          { title: '角色', dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{ROLE_LABELS[x as keyof typeof ROLE_LABELS] ?? x}</Tag>) },
          { title: '分机', key: 'extension', width: 90, render: (_: unknown, u: UserRow) => <ExtensionCell userId={u.id} extension={extensions.get(u.id) ?? null} onSaved={load} /> },
          { title: '密码', dataIndex: 'defaultPassword', width: 90, render: (d: boolean) => (d ? <Tag color="orange">系统分配</Tag> : <Tag color="green">本人设置</Tag>) },
          {
            title: '状态',
            key: 'state',
            width: 110,
            render: (_: unknown, u: UserRow) => (
              <>
                {u.active ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
                {u.locked && <Tag color="red">已锁定</Tag>}
                {u.totpEnabled && <Tag color="blue">两步验证</Tag>}
              </>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 300,
            render: (_: unknown, u: UserRow) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setDialog(u)}>编辑</Button>
                {u.locked && <Button type="link" size="small" onClick={() => act(u, 'unlock', `已解除 ${u.username} 的锁定`)}>解锁</Button>}
                <Popconfirm title={`重置 ${u.username} 的密码？`} description="其所有登录立即失效，用临时密码登录后须修改密码。" onConfirm={() => void resetPassword(u)}>
                  <Button type="link" size="small">重置密码</Button>
                </Popconfirm>
                {u.totpEnabled && (
                  <Popconfirm title="重置两步验证？用户可重新设置" onConfirm={() => act(u, 'reset-totp', '已重置两步验证')}>
                    <Button type="link" size="small">重置两步验证</Button>
                  </Popconfirm>
                )}
                {u.active ? (
                  u.id !== me?.id && (
                    <Popconfirm title={`停用 ${u.username}？`} description="其所有登录立即失效，停用期间不能登录。" okText="停用" onConfirm={() => act(u, 'disable', `已停用 ${u.username}`)}>
                      <Button type="link" size="small" danger>停用</Button>
                    </Popconfirm>
                  )
                ) : (
                  <Button type="link" size="small" onClick={() => act(u, 'enable', `已启用 ${u.username}`)}>启用</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {dialog && (
        <UserModal
          user={dialog === 'new' ? undefined : dialog}
          onClose={() => setDialog(null)}
          onSaved={() => {
            message.success(dialog === 'new' ? '已新建用户' : '用户信息已保存');
            setDialog(null);
            load();
          }}
        />
      )}
    </>
  );
}
