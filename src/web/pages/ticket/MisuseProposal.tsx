import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { MISUSE_KIND_BASIS, MISUSE_KIND_LABELS, MISUSE_KINDS } from '../../../core/flags/misuse.ts';
import { api, ApiError } from '../../api.ts';
import type { Ticket } from '../../types.ts';
import { validValues } from '../../components/forms.ts';

export const MISUSE_KIND_OPTIONS = MISUSE_KINDS.map((k) => ({ value: k, label: MISUSE_KIND_LABELS[k] }));

/**
 * 标记恶意来电 from a ticket: the caller's number is taken from the ticket, never typed. A second person
 * — a supervisor — reviews it on the 督办 board before it warns anyone (重庆 第二十六条, 邵阳 第二十九条).
 */
export function MisuseProposal({ ticket }: { ticket: Ticket }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ kind: string; reason: string }>();
  const kind = Form.useWatch('kind', form) as keyof typeof MISUSE_KIND_BASIS | undefined;
  const submit = async (v: { kind: string; reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/misuse-marks', { ticketId: ticket.id, ...v });
      void message.success('已提出标记，待另一名督办员审核');
      setOpen(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" danger onClick={() => (form.resetFields(), setError(null), setOpen(true))}>
        标记恶意来电
      </Button>
      {open && (
        <Modal open title="提出恶意、骚扰来电标记" okText="提交审核" confirmLoading={busy} onCancel={() => setOpen(false)} onOk={() => validValues(form).then((v) => v && submit(v))} destroyOnHidden>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`来电号码 ${ticket.caller?.phone ?? ''}：经另一名督办员审核通过后，该号码来电时坐席将看到提示；标记不影响受理其合理诉求。`}
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical">
            <Form.Item name="kind" label="情形" rules={[{ required: true, message: '请选择情形' }]} extra={kind ? `依据：${MISUSE_KIND_BASIS[kind]}` : undefined}>
              <Select options={MISUSE_KIND_OPTIONS} placeholder="选择情形" />
            </Form.Item>
            <Form.Item name="reason" label="标记理由（时间、次数、经过、劝阻情况）" rules={[{ required: true, whitespace: true, message: '请写明标记理由' }, { min: 4, message: '标记理由至少 4 个字' }]}>
              <Input.TextArea rows={4} maxLength={1000} showCount />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
