import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api.ts';
import { safeNext } from '../next.ts';
import { prefetchStaffPages } from '../pages.ts';
import { homeOf, useSession } from '../session.tsx';

export function LoginPage() {
  const { login, submitCode } = useSession();
  // After a right password, accounts with two-step verification give their 6-digit code.
  const [codeStep, setCodeStep] = useState(false);
  const navigate = useNavigate();
  // the page a signed-out user opened (routes.tsx ToLogin); only paths of this site (next.ts)
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  // the workspace after signing in opens at once
  useEffect(prefetchStaffPages, []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      {/* plain elements, not Card/Typography: they would bring Tabs, Tooltip and Menu into the smallest page */}
      <main style={{ width: 380, maxWidth: 'calc(100vw - 32px)', boxSizing: 'border-box', padding: 24, background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0' }}>
        <h1 style={{ textAlign: 'center', fontSize: 24, fontWeight: 600, margin: '0 0 20px', color: 'rgba(0,0,0,0.88)' }}>12345 政务服务便民热线</h1>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {codeStep ? (
          <Form
            layout="vertical"
            onFinish={async (v: { code: string }) => {
              setBusy(true);
              setError(null);
              try {
                const me = await submitCode(v.code);
                navigate(next ?? homeOf(me), { replace: true });
              } catch (e) {
                if (e instanceof ApiError && e.status === 401 && /重新输入/.test(e.message)) setCodeStep(false);
                setError(e instanceof ApiError ? e.message : '验证失败');
              } finally {
                setBusy(false);
              }
            }}
          >
            <Form.Item name="code" label="两步验证码" extra="请输入手机验证器上显示的 6 位数字" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字验证码' }]}>
              <Input prefix={<SafetyOutlined />} maxLength={6} inputMode="numeric" autoComplete="one-time-code" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              验证并登录
            </Button>
          </Form>
        ) : (
        <Form
          layout="vertical"
          // shown before the scripts run (server rendering): a form sent then never puts the password in the address
          method="post"
          onFinish={async (v: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              const me = await login(v.username, v.password);
              if (me) navigate(next ?? homeOf(me), { replace: true });
              else setCodeStep(true);
            } catch (e) {
              setError(e instanceof ApiError ? e.message : '登录失败');
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        )}
        <p style={{ margin: '16px 0 0', color: 'rgba(0,0,0,0.45)' }}>
          市民请访问 <a href="/portal">网上诉求门户</a>
        </p>
      </main>
    </div>
  );
}
