import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UnitPicker, useUnits } from '../../components/UnitPicker.tsx';
import type { UnitNode } from '../../types.ts';
import { CalendarGrid } from './CalendarGrid.tsx';
import { PolicyView } from './PolicyView.tsx';
import { RoutingTable } from './RoutingTable.tsx';
import { validValues } from '../../components/forms.ts';

const ROLE_LABELS: Record<string, string> = {
  agent: '话务员', dispatcher: '派单员', visitor: '回访员', supervisor: '督办员', handler: '承办人', unit_admin: '单位管理员',
  kb_editor: '知识采编', kb_reviewer: '知识审核', leader: '领导', analyst: '分析员', admin: '系统管理员', auditor: '安全审计员',
};

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitName: string;
  defaultPassword: boolean;
  active: boolean;
  locked: boolean;
  totpEnabled: boolean;
}

function Users() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<UserRow[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(() => void api.get<UserRow[]>('/api/admin/users').then(setRows).catch(showError), []);
  useEffect(load, [load]);
  const { modal } = App.useApp();
  const act = (u: UserRow, action: string, done: string) =>
    api.post(`/api/admin/users/${u.id}/${action}`).then(() => (message.success(done), load())).catch(showError);
  const resetPassword = async (u: UserRow) => {
    try {
      const { temporaryPassword } = await api.post<{ temporaryPassword: string }>(`/api/admin/users/${u.id}/reset-password`);
      modal.info({
        title: `${u.displayName} 的临时密码`,
        content: (
          <>
            <Typography.Paragraph copyable={{ text: temporaryPassword }}><Typography.Text code style={{ fontSize: 18 }}>{temporaryPassword}</Typography.Text></Typography.Paragraph>
            <Typography.Paragraph type="secondary">仅显示这一次。请当面或通过可靠渠道交给本人；登录后须立即修改密码。</Typography.Paragraph>
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
      <Button type="primary" onClick={() => (setError(null), setOpen(true))} style={{ marginBottom: 8 }}>新建用户</Button>
      <Table<UserRow> size="small" rowKey="id" dataSource={rows} pagination={{ pageSize: 20 }} columns={[
        { title: '用户名', dataIndex: 'username' },
        { title: '姓名', dataIndex: 'displayName' },
        { title: '单位', dataIndex: 'unitName' },
        { title: '角色', dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{ROLE_LABELS[x] ?? x}</Tag>) },
        { title: '密码', dataIndex: 'defaultPassword', render: (d: boolean) => (d ? <Tag color="orange">默认密码</Tag> : <Tag color="green">已修改</Tag>) },
        { title: '状态', key: 'state', render: (_: unknown, u: UserRow) => (
          <>
            {!u.active && <Tag color="default">已停用</Tag>}
            {u.locked && <Tag color="red">已锁定</Tag>}
            {u.totpEnabled && <Tag color="blue">两步验证</Tag>}
          </>
        ) },
        { title: '操作', key: 'actions', render: (_: unknown, u: UserRow) => (
          <Space size={0} wrap>
            {u.locked && <Button type="link" size="small" onClick={() => act(u, 'unlock', '已解锁')}>解锁</Button>}
            <Popconfirm title={`重置 ${u.username} 的密码？其所有登录将立即失效`} onConfirm={() => void resetPassword(u)}>
              <Button type="link" size="small">重置密码</Button>
            </Popconfirm>
            {u.totpEnabled && <Popconfirm title="重置两步验证？用户可重新设置" onConfirm={() => act(u, 'reset-totp', '已重置两步验证')}><Button type="link" size="small">重置两步验证</Button></Popconfirm>}
            {u.active
              ? <Popconfirm title={`停用 ${u.username}？其所有登录将立即失效`} onConfirm={() => act(u, 'disable', '已停用')}><Button type="link" size="small" danger>停用</Button></Popconfirm>
              : <Button type="link" size="small" onClick={() => act(u, 'enable', '已启用')}>启用</Button>}
          </Space>
        ) },
      ]} />
      <Modal open={open} destroyOnHidden title="新建用户" onCancel={() => setOpen(false)} onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        try {
          await api.post('/api/admin/users', { ...v, unitId: v.unitId?.[0] });
          message.success('已创建');
          setOpen(false);
          load();
        } catch (e) {
          setError(e instanceof ApiError ? e.message : '创建失败');
        }
      }}>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[a-z0-9_.-]{3,32}$/, message: '3–32 位小写字母、数字或 _ . -' }]}><Input /></Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item>
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitPicker multiple={false} /></Form.Item>
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请选择角色' }]}><Select mode="multiple" options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请填写初始密码' }, { min: 10, message: '密码至少 10 位' }]}><Input.Password /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Units() {
  const units = useUnits();
  interface Node {
    key: string;
    title: string;
    children: Node[];
  }
  const toTree = (ns: UnitNode[]): Node[] =>
    ns.map((n) => ({ key: n.id, title: `${n.name}${n.regionCode ? `（${n.regionCode}）` : ''}`, children: toTree(n.children) }));
  return units.length ? <Tree treeData={toTree(units)} defaultExpandAll /> : null;
}

/** 系统管理: units, users and roles, the active policy, the working calendar. */
export function AdminPage() {
  return (
    <Card title="系统管理" size="small">
      <Tabs items={[
        { key: 'units', label: '单位', children: <Units /> },
        { key: 'users', label: '用户与角色', children: <Users /> },
        { key: 'routing', label: '派单目录', children: <RoutingTable /> },
        { key: 'policy', label: '时限策略', children: <PolicyView /> },
        { key: 'calendar', label: '工作日历', children: <CalendarGrid /> },
      ]} />
    </Card>
  );
}
