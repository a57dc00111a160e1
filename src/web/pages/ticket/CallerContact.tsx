import { Alert, App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { PhoneOutlined, EyeOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import type { Ticket } from '../../types.ts';
import { validValues } from '../../components/forms.ts';

interface DialResult {
  placed: boolean;
  message: string;
}

/**
 * The caller's name and number, and the way to reach them: a unit sees the number masked and reveals
 * it with a reason (kept in the access log and on the timeline); 拨打 is a `tel:` link and also tells
 * the server, which records the attempt and hands it to the telephone system when one is connected.
 * With a telephone system connected, 回拨 has it dial while the number stays masked.
 */
export function CallerContact({ ticket, onLogged }: { ticket: Ticket; onLogged?: () => void }) {
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const t = ticket;
  if (!t.caller) return <Tag>{t.anonymous ? '匿名' : '来电人信息已保护'}</Tag>;
  const live = !t.access?.readOnly;
  const phone = revealed ?? (t.callerView === 'full' ? t.caller.phone : null);

  const reveal = async () => {
    const values = await validValues(form);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ phone: string | null }>(`/api/tickets/${t.id}/reveal-phone`, { reason: values.reason });
      setRevealed(r.phone);
      setAsking(false);
      // the reveal is on the timeline now
      onLogged?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查看失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  // The tel: link dials on a phone or a softphone; the server records the attempt either way.
  const call = () => {
    api
      .post<DialResult>(`/api/tickets/${t.id}/call-caller`, {})
      .then((r) => (r.placed ? message.success(r.message) : message.info(r.message), onLogged?.()))
      .catch((e: unknown) => message.error(e instanceof ApiError ? e.message : '记录回拨失败'));
  };

  return (
    <Space wrap size={4}>
      <span>{t.caller.name ?? '未留姓名'}</span>
      <Typography.Text copyable={phone ? { text: phone, tooltips: ['复制号码', '已复制'] } : false}>{phone ?? t.caller.phone ?? ''}</Typography.Text>
      {live && t.caller.phone && !phone && (
        <Button size="small" icon={<EyeOutlined />} onClick={() => (setError(null), setAsking(true))}>
          查看号码
        </Button>
      )}
      {live && phone && (
        <Button size="small" type="primary" icon={<PhoneOutlined />} href={`tel:${phone}`} onClick={call}>
          拨打
        </Button>
      )}
      {live && !phone && t.caller.phone && t.callThroughPlatform && (
        <Button size="small" type="primary" icon={<PhoneOutlined />} onClick={call} title="由电话系统先呼您的分机，再接通来电人，号码不显示">
          回拨
        </Button>
      )}
      <Modal open={asking} title="查看来电人完整号码" okText="查看" confirmLoading={busy} onOk={() => void reveal()} onCancel={() => setAsking(false)} destroyOnHidden>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="查看完整号码将记入访问日志和办理过程，请写明原因（例如：回电核实诉求情况）。" />
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" preserve={false} onFinish={() => void reveal()}>
          <Form.Item name="reason" label="查看原因" rules={[{ required: true, whitespace: true, message: '请填写查看原因' }]}>
            <Input maxLength={200} autoFocus placeholder="回电核实诉求情况" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
