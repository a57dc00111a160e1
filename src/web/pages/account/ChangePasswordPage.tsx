import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api.ts';
import { homeOf, useSession } from '../../session.tsx';

/**
 * 修改密码. `forced`: the account signed in with a password the system handed out (a reset or a
 * deployment's first admin) and may do nothing else until it has one of its own.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { me, refresh, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const card = (
    <Card title="修改密码" style={{ width: 420, margin: forced ? undefined : '0 auto' }}>
      {forced && <Alert type="warning" showIcon title="您正在使用系统分配的密码，请先设置自己的密码再继续使用。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { currentPassword: string; newPassword: string }) => {
          setBusy(true);
          setError(null);
          try {
            await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
            message.success('密码已修改');
            form.resetFields();
            await refresh();
            // forced: the page asked for (a link opened before signing in) now shows where this form stood
            if (me && !forced) navigate(homeOf(me), { replace: true });
          } catch (e) {
            setError(e instanceof ApiError ? e.message : '修改失败');
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" extra="至少 10 位，同时包含字母和数字，不能包含用户名" rules={[{ required: true, message: '请输入新密码' }, { min: 10, message: '密码至少 10 位' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({ validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          修改密码
        </Button>
      </Form>
      {forced && (
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          <a onClick={() => void logout().then(() => navigate('/login'))}>退出登录</a>
        </Typography.Paragraph>
      )}
    </Card>
  );
  if (!forced) return card;
  return <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>{card}</div>;
}
