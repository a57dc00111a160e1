import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useSession } from '../../session.tsx';
import type { Me, Ticket } from '../../types.ts';
import { policyHints, type PolicyHints } from './policy-hints.ts';
import { validValues } from '../../components/forms.ts';

interface Field {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'switch' | 'select' | 'units' | 'unit' | 'date';
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  extra?: ReactNode;
}

interface Spec {
  action: string;
  label: string;
  fields?: Field[];
  primary?: boolean;
  danger?: boolean;
  hint?: string;
  /** The body as the API wants it. */
  toBody?: (v: Record<string, unknown>) => Record<string, unknown>;
}

const has = (me: Me, ...roles: string[]) => roles.some((r) => me.roles.includes(r));

/** The actions this user may take on this ticket now, each with the rule that applies. */
function specsFor(t: Ticket, me: Me, hints: PolicyHints): Spec[] {
  const specs: Spec[] = [];
  const mine = t.assignments.filter((a) => a.unit.id === me.unit.id && a.status !== 'returned');
  const own = (s: string) => mine.some((a) => a.status === s);
  if (has(me, 'dispatcher', 'admin', 'agent') && t.status === 'registered') {
    specs.push({
      action: 'dispatch',
      label: '派单',
      primary: true,
      hint: '第一个单位为主办，其余为协办；另定时限将取代默认办理时限。',
      fields: [
        { name: 'units', label: '承办单位', kind: 'units', required: true },
        { name: 'joint', label: '会签（各单位分别办理）', kind: 'switch' },
        { name: 'due', label: '另定办理时限（可选）', kind: 'date' },
      ],
      toBody: (v) => ({
        units: (v.units as string[]).map((unitId, i) => ({ unitId, role: v.joint ? 'joint' : i === 0 ? 'lead' : 'assist' })),
        ...(v.due ? { due: (v.due as { format: (f: string) => string }).format('YYYY-MM-DD') } : {}),
      }),
    });
  }
  if (has(me, 'handler', 'unit_admin')) {
    if (own('dispatched')) specs.push({ action: 'sign', label: '签收', primary: true, hint: hints.sign });
    if (own('handling')) {
      specs.push({
        action: 'reply',
        label: '办理答复',
        primary: true,
        hint: hints.reply,
        fields: [
          { name: 'process', label: '办理过程', kind: 'textarea', required: true },
          { name: 'result', label: '办理结果', kind: 'textarea', required: true },
          { name: 'contacted', label: '已联系来电人', kind: 'switch' },
          { name: 'handlerName', label: '办理人', kind: 'text' },
        ],
        toBody: (v) => ({ ...v, contacted: !!v.contacted }),
      });
      specs.push({
        action: 'subdispatch',
        label: '下派',
        hint: '下派时限不能晚于本单位的办理时限。',
        fields: [{ name: 'note', label: '交办意见', kind: 'textarea' }, { name: 'unitId', label: '下级单位', kind: 'unit', required: true }],
        toBody: (v) => ({ ...v, unitId: (v.unitId as string[])[0] }),
      });
      specs.push({ action: 'request-extension', label: '申请延期', hint: hints.extension, fields: [{ name: 'days', label: '延期工作日数', kind: 'number', required: true }, { name: 'reason', label: '延期理由', kind: 'textarea', required: true }] });
    }
    if (own('dispatched') || own('handling')) {
      specs.push({
        action: 'return',
        label: '退单',
        danger: true,
        hint: hints.return,
        fields: [
          { name: 'reason', label: '退回理由', kind: 'textarea', required: true },
          { name: 'basis', label: '依据（三定方案、法规条款等）', kind: 'text' },
          { name: 'onsite', label: '经现场核实', kind: 'switch' },
        ],
        toBody: (v) => ({ ...v, onsite: !!v.onsite }),
      });
    }
    if (t.satisfaction === 'dissatisfied' && !t.appealStatus && ['closed', 'redo'].includes(t.status) && hints.appeal) {
      specs.push({ action: 'appeal', label: '申诉', hint: hints.appeal, fields: [{ name: 'reason', label: '申诉理由', kind: 'textarea', required: true }, { name: 'evidence', label: '依据（含与来电人沟通证明）', kind: 'textarea', required: true }] });
    }
  }
  if (has(me, 'dispatcher', 'admin')) {
    for (const a of t.assignments) {
      if (a.status === 'return_requested') {
        specs.push({ action: 'approve-return', label: `同意退单（${a.unit.name}）`, toBody: () => ({ assignmentId: a.id }) });
        specs.push({ action: 'reject-return', label: `驳回退单（${a.unit.name}）`, fields: [{ name: 'reason', label: '驳回理由', kind: 'textarea', required: true }], toBody: (v) => ({ ...v, assignmentId: a.id }) });
      }
    }
    if (t.status === 'reviewing') {
      specs.push({ action: 'approve-completion', label: '审核通过', primary: true });
      specs.push({ action: 'reject-completion', label: '审核退回', danger: true, fields: [{ name: 'reason', label: '退回理由', kind: 'textarea', required: true }] });
    }
    if (['closed', 'rejected', 'referred', 'terminated', 'merged'].includes(t.status)) specs.push({ action: 'archive', label: '归档' });
  }
  if (has(me, 'dispatcher', 'supervisor', 'admin', 'handler', 'unit_admin')) {
    for (const a of t.assignments) {
      if (a.pendingExtension) {
        specs.push({ action: 'approve-extension', label: `同意延期（${a.unit.name}）`, toBody: () => ({ assignmentId: a.id }) });
        specs.push({ action: 'reject-extension', label: `驳回延期（${a.unit.name}）`, toBody: () => ({ assignmentId: a.id }) });
      }
    }
  }
  if (has(me, 'visitor', 'admin') && ['visiting', 'answered'].includes(t.status)) {
    specs.push({
      action: 'visit',
      label: '记录回访',
      primary: true,
      hint: '不满意时请判断原因：承办单位原因发回重办，客观原因备注办结。',
      fields: [
        { name: 'satisfaction', label: '满意度', kind: 'select', required: true, options: [{ value: 'satisfied', label: '满意' }, { value: 'basic', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }] },
        { name: 'resolution', label: '解决情况', kind: 'select', required: true, options: [{ value: 'resolved', label: '已解决' }, { value: 'partly', label: '部分解决' }, { value: 'unresolved', label: '未解决' }] },
        { name: 'fault', label: '不满意原因', kind: 'select', options: [{ value: 'unit', label: '承办单位原因（发回重办）' }, { value: 'objective', label: '客观原因（备注办结）' }] },
        { name: 'comment', label: '回访记录', kind: 'textarea' },
      ],
    });
  }
  if (has(me, 'supervisor', 'dispatcher', 'admin') && ['dispatched', 'handling', 'redo', 'reviewing'].includes(t.status)) {
    specs.push({ action: 'remind', label: '催办', fields: [{ name: 'note', label: '催办意见', kind: 'textarea' }] });
    if (has(me, 'supervisor', 'admin')) {
      specs.push({ action: 'supervise', label: '督办', danger: true, hint: hints.supervision, fields: [{ name: 'note', label: '督办意见', kind: 'textarea', required: true }, { name: 'method', label: '方式', kind: 'select', options: [{ value: 'system', label: '系统督办' }, { value: 'other', label: '电话、现场、发函等' }] }] });
    }
  }
  return specs;
}

/** The input for one field; Form.Item's injected props (id, value, onChange …) are passed through. */
function FieldInput({ field, ticket, me, ...control }: { field: Field; ticket: Ticket; me: Me } & Record<string, unknown>) {
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
    case 'units':
      return <UnitPicker {...control} />;
    case 'unit': {
      const share = ticket.assignments.find((a) => a.unit.id === me.unit.id);
      return <UnitPicker multiple={false} root={share?.unit.id} placeholder="选择本单位的下级单位" {...control} />;
    }
    default:
      return <Input maxLength={200} {...control} />;
  }
}

export function ActionPanel({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { me } = useSession();
  const { message } = App.useApp();
  const [hints, setHints] = useState<PolicyHints>({});
  const [open, setOpen] = useState<Spec | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    api.get('/api/policy').then((p) => setHints(policyHints(p))).catch(() => {});
  }, []);
  // Only what the server's access rules allow now (core/access): nothing for a unit whose share ended.
  const allowed = new Set(ticket.access?.allowedActions ?? []);
  const specs = ticket.access?.readOnly ? [] : specsFor(ticket, me!, hints).filter((s) => !ticket.access || allowed.has(s.action));

  const run = async (spec: Spec, values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const body = { version: ticket.version, ...(spec.toBody ? spec.toBody(values) : values) };
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

  return (
    <Card size="small" title="办理操作">
      {error && !open && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ marginBottom: 8 }} />}
      {specs.length === 0 ? (
        <Typography.Text type="secondary">当前没有需要您处理的操作</Typography.Text>
      ) : (
        <Space wrap>
          {specs.map((s) => (
            <Button key={s.action + s.label} type={s.primary ? 'primary' : 'default'} danger={s.danger} loading={busy && open === null} onClick={() => (s.fields ? (setError(null), setOpen(s)) : void run(s, {}))}>
              {s.label}
            </Button>
          ))}
        </Space>
      )}
      {open && (
        <Modal open title={open.label} okText="提交" confirmLoading={busy} onCancel={() => setOpen(null)} onOk={() => validValues(form).then((v) => v && run(open, v))} destroyOnHidden>
          {open.hint && <Alert type="info" showIcon title={open.hint} style={{ marginBottom: 12 }} />}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" initialValues={{ method: 'system' }} preserve={false}>
            {open.fields!.map((f, i) => (
              <Form.Item key={f.name} name={f.name} label={f.label} valuePropName={f.kind === 'switch' ? 'checked' : 'value'} rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : []} extra={f.extra}>
                {i === 0 && f.kind === 'textarea' ? <Input.TextArea rows={3} maxLength={5000} autoFocus /> : <FieldInput field={f} ticket={ticket} me={me!} />}
              </Form.Item>
            ))}
          </Form>
        </Modal>
      )}
    </Card>
  );
}
