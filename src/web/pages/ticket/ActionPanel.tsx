import { DownOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Dropdown, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../api.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useSession } from '../../session.tsx';
import type { Ticket } from '../../types.ts';
import { specsFor, type Field, type Spec } from './action-specs.ts';
import { policyHints, returnForm, unitReviewChecklist, visitRules, type FormRules } from './policy-hints.ts';
import { FollowUpsInput } from './FollowUpsInput.tsx';
import { WaitingNotice } from './WaitingNotice.tsx';
import { validValues } from '../../components/forms.ts';

/** The input for one field; Form.Item's injected props (id, value, onChange …) are passed through. */
function FieldInput({ field, spec, ...control }: { field: Field; spec: Spec } & Record<string, unknown>) {
  switch (field.kind) {
    case 'textarea':
      return <Input.TextArea rows={3} maxLength={5000} {...control} />;
    case 'number':
      return <InputNumber min={1} max={60} style={{ width: '100%' }} {...control} />;
    case 'switch':
      return <Switch {...control} />;
    case 'select':
      return <Select options={field.options} {...control} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} {...control} />;
    case 'datetime':
      return <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} {...control} />;
    case 'units':
      return <UnitPicker {...control} />;
    case 'anyUnit':
      return <UnitPicker multiple={false} placeholder="选择建议转办的承办单位" {...control} />;
    case 'followups':
      return <FollowUpsInput {...control} />;
    case 'checks':
      return <Checkbox.Group options={field.options} {...control} />;
    case 'unit':
      // the units below the share's own unit
      return <UnitPicker multiple={false} root={spec.share?.unit.id} placeholder="选择本单位的下级单位" {...control} />;
    default:
      return <Input maxLength={1000} {...control} />;
  }
}

/** The form rules a preset gives (GET /api/policy). */
const rulesOf = (p: unknown): FormRules => ({ ...policyHints(p), visit: visitRules(p), returnForm: returnForm(p), unitReviewChecklist: unitReviewChecklist(p) });

/**
 * 办理操作: exactly the actions the server allows this user now (ticket.access.actions), each on
 * its share; actions a unit may take for a unit below it are offered apart (代下级单位办理).
 */
export function ActionPanel({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const [hints, setHints] = useState<FormRules>({});
  const [open, setOpen] = useState<Spec | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  // the values so far decide which fields show and which are required (e.g. 邵阳 第十五条's measures)
  const values: Record<string, unknown> = Form.useWatch((v: Record<string, unknown>) => v, form) ?? {};
  // a share under a subtree with a regulation of its own (大足区 under 重庆) follows that one's rules
  const [ownHints, setOwnHints] = useState<Record<string, FormRules>>({});
  const others = [...new Set(ticket.assignments.filter((a) => a.preset && !a.preset.isDefault).map((a) => a.preset!.id))].sort().join(',');
  useEffect(() => {
    api.get('/api/policy').then((p) => setHints(rulesOf(p))).catch(() => {});
  }, []);
  useEffect(() => {
    for (const id of others ? others.split(',') : []) {
      api.get(`/api/policy${query({ preset: id })}`).then((p) => setOwnHints((h) => ({ ...h, [id]: rulesOf(p) }))).catch(() => {});
    }
  }, [others]);
  const entries = ticket.access?.readOnly ? [] : (ticket.access?.actions ?? []);
  const specs = specsFor(ticket, entries, (share) => (share?.preset && !share.preset.isDefault ? ownHints[share.preset.id] : undefined) ?? hints, me!.unit.id);
  const own = specs.filter((s) => !s.entry.onBehalf);
  const onBehalf = specs.filter((s) => s.entry.onBehalf);
  // the open form as the rules now read (the policy may arrive after the button was pressed)
  const live = open ? (specs.find((s) => s.action === open.action && s.entry.assignmentId === open.entry.assignmentId) ?? open) : null;

  const send = async (spec: Spec, values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const body = { version: ticket.version, ...(spec.toBody ? spec.toBody(values) : values), ...(spec.entry.assignmentId ? { assignmentId: spec.entry.assignmentId } : {}) };
      const t = await api.act<Ticket>(ticket.id, spec.action, body);
      onDone(t);
      setOpen(null);
      message.success(`${spec.label}成功`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  const run = (spec: Spec, values: Record<string, unknown>) => {
    if (!spec.confirm) return send(spec, values);
    return new Promise<void>((resolve) => {
      modal.confirm({
        title: spec.confirm!.title,
        content: spec.confirm!.content,
        okText: `确认${spec.label}`,
        okButtonProps: { danger: true },
        cancelText: '再想想',
        onOk: () => send(spec, values).then(resolve),
        onCancel: () => resolve(),
      });
    });
  };
  const start = (s: Spec) => (s.fields ? (setError(null), form.resetFields(), setOpen(s)) : void run(s, {}));

  return (
    <Card size="small" title="办理操作">
      <WaitingNotice ticket={ticket} />
      {error && !open && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ marginBottom: 8 }} />}
      {specs.length === 0 ? (
        <Typography.Text type="secondary">当前没有需要您处理的操作</Typography.Text>
      ) : (
        <Space wrap>
          {own.map((s) => (
            <Button key={`${s.action}:${s.entry.assignmentId ?? ''}`} type={s.primary ? 'primary' : 'default'} danger={s.danger} loading={busy && open === null} onClick={() => start(s)}>
              {s.label}
            </Button>
          ))}
          {onBehalf.length > 0 && (
            <Dropdown menu={{ items: onBehalf.map((s, i) => ({ key: String(i), label: s.label, danger: !!s.danger })), onClick: (e) => start(onBehalf[Number(e.key)]!) }}>
              <Button>
                代下级单位办理 <DownOutlined />
              </Button>
            </Dropdown>
          )}
        </Space>
      )}
      {open && (
        <Modal
          open
          title={open.label}
          okText="提交"
          okButtonProps={{ danger: !!open.danger }}
          confirmLoading={busy}
          onCancel={() => setOpen(null)}
          // a form that does not validate shows its messages; nothing is sent and nothing is thrown
          onOk={() => validValues(form).then((v) => v && run(live!, v))}
          destroyOnHidden
        >
          {live!.hint && <Alert type="info" showIcon title={live!.hint} style={{ marginBottom: 12, whiteSpace: 'pre-line' }} />}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" initialValues={{ method: 'system', ...open.initial }} preserve={false}>
            {live!.fields!.filter((f) => !f.showWhen || f.showWhen(values)).map((f, i) => (
              <Form.Item
                key={f.name}
                name={f.name}
                label={f.label}
                valuePropName={f.kind === 'switch' ? 'checked' : 'value'}
                rules={[
                  // `whitespace` (blank text is empty) only for text: any key beside `required` makes the rule a string rule
                  ...(f.required || f.requiredWhen?.(values) ? [{ required: true, ...(f.kind === 'text' || f.kind === 'textarea' ? { whitespace: true } : {}), message: `请填写${f.label}` }] : []),
                  ...(f.min ? [{ min: f.min, message: `${f.label}至少 ${f.min} 字` }] : []),
                  // a checklist is complete only with every box ticked (大足 第五条（二）); the server says the same
                  ...(f.kind === 'checks' ? [{ validator: (_: unknown, v: string[] | undefined) => ((v ?? []).length === (f.options ?? []).length ? Promise.resolve() : Promise.reject(new Error(`请逐项勾选：${(f.options ?? []).filter((o) => !(v ?? []).includes(o.value)).map((o) => o.label).join('、')}`))) }] : []),
                ]}
                extra={f.extra}
              >
                {i === 0 && f.kind === 'textarea' ? <Input.TextArea rows={3} maxLength={5000} autoFocus /> : <FieldInput field={f} spec={open} />}
              </Form.Item>
            ))}
          </Form>
        </Modal>
      )}
    </Card>
  );
}
