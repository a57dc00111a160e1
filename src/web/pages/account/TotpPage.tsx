import { Alert, App, Button, Card, Form, Input, QRCode, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { useSession } from '../../session.tsx';

/** 两步验证: enrol a TOTP authenticator app (scan, then confirm with a code). */
export function TotpPage() {
  const { me, refresh } = useSession();
  const { message } = App.useApp();
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  if (me.totpEnabled) return <Card title="两步验证"><Result status="success" title="已启用两步验证" subTitle="登录时需输入验证器上的 6 位验证码。如更换手机，请联系系统管理员重置。" /></Card>;
  if (!me.totpAvailable) return <Card title="两步验证"><Result status="info" title="两步验证适用于系统管理员、领导和督办员账号" /></Card>;
  return (
    <Card title="两步验证" style={{ maxWidth: 560, margin: '0 auto' }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {!setup ? (
        <Space orientation="vertical">
          <Typography.Paragraph>启用后，登录时除密码外还需输入手机验证器（如微信小程序、Google Authenticator、Microsoft Authenticator）上的 6 位验证码。</Typography.Paragraph>
          <Button type="primary" loading={busy} onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              setSetup(await api.post<{ secret: string; uri: string }>('/api/auth/totp/setup'));
            } catch (e) {
              setError(e instanceof ApiError ? e.message : '操作失败');
            } finally {
              setBusy(false);
            }
          }}>开始设置</Button>
        </Space>
      ) : (
        <Form layout="vertical" onFinish={async (v: { code: string }) => {
          setBusy(true);
          setError(null);
          try {
            await api.post('/api/auth/totp/enable', { code: v.code });
            message.success('已启用两步验证');
            await refresh();
          } catch (e) {
            setError(e instanceof ApiError ? e.message : '操作失败');
          } finally {
            setBusy(false);
          }
        }}>
          <Typography.Paragraph>1. 用验证器扫描二维码（或手动输入密钥）：</Typography.Paragraph>
          <QRCode value={setup.uri} />
          <Typography.Paragraph copyable={{ text: setup.secret }} style={{ marginTop: 8 }}>密钥：<Typography.Text code>{setup.secret}</Typography.Text></Typography.Paragraph>
          <Form.Item name="code" label="2. 输入验证器上显示的 6 位验证码" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字验证码' }]}>
            <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>确认启用</Button>
        </Form>
      )}
    </Card>
  );
}
