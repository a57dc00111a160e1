import { Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Policy } from '../../../core/policy/schema.ts';
import { api } from '../../api.ts';
import { validValues } from '../../components/forms.ts';

export type Outcome = 'answer' | 'reject' | 'refer';

type RefusalGround = NonNullable<Policy['refusalGrounds']>[number];

const TITLES: Record<Outcome, string> = { answer: '直接答复', reject: '不予受理', refer: '转紧急热线' };

/** The three outcomes that close a call without dispatch, each with the fields the rules require. */
export function OutcomeModal(props: {
  outcome: Outcome | null;
  suggested: { answer: string; entryId: string } | null;
  /** The hotline the life-safety cue pointed to, preselected for 转紧急热线. */
  hotline?: string | undefined;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (action: Outcome, body: Record<string, unknown>) => void;
}) {
  const [form] = Form.useForm();
  const [grounds, setGrounds] = useState<RefusalGround[] | null>(null);
  const [other, setOther] = useState(false);
  useEffect(() => {
    // the grounds the local regulation lists (重庆 第九条, 凉山 第九条, 邵阳 第十条), from the active preset
    if (props.outcome !== 'reject') return;
    setOther(false);
    api.get<{ refusalGrounds?: RefusalGround[] }>('/api/policy').then((p) => setGrounds(p.refusalGrounds ?? null)).catch(() => setGrounds(null));
  }, [props.outcome]);
  useEffect(() => {
    // the form exists only while the modal is open
    if (props.outcome === 'answer' && props.suggested) form.setFieldsValue({ answer: props.suggested.answer });
  }, [props.outcome, props.suggested, form]);
  if (!props.outcome) return null;
  const outcome = props.outcome;
  return (
    <Modal
      open
      title={TITLES[outcome]}
      width={outcome === 'reject' ? 680 : undefined}
      okText="登记并提交"
      confirmLoading={props.busy}
      onCancel={props.onCancel}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        props.onSubmit(outcome, outcome === 'answer' && props.suggested ? { ...v, kbEntryId: props.suggested.entryId } : v);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ hotline: props.hotline ?? '110' }}>
        {outcome === 'answer' && (
          <Form.Item name="answer" label="答复内容" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}>
            <Input.TextArea rows={6} autoFocus maxLength={5000} showCount />
          </Form.Item>
        )}
        {outcome === 'reject' && grounds && (
          <>
            <Form.Item name="ground" label="不予受理情形" rules={[{ required: true, message: '请选择情形' }]} extra="按本地规定列明的情形选择">
              <Select
                autoFocus
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="选择情形"
                options={grounds.map((g) => ({ value: g.code, label: `${g.basis.article} ${g.label}` }))}
                onChange={(code: string) => setOther(!!grounds.find((g) => g.code === code)?.other)}
              />
            </Form.Item>
            <Form.Item name="reason" label="告知来电人的理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            {other && (
              <Form.Item name="basis" label="所依据的规定" rules={[{ required: true, whitespace: true, message: '“其他”情形须写明所依据的规定' }]}>
                <Input />
              </Form.Item>
            )}
          </>
        )}
        {outcome === 'reject' && !grounds && (
          <>
            <Form.Item name="reason" label="不予受理理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
              <Input.TextArea rows={3} autoFocus />
            </Form.Item>
            <Form.Item name="basis" label="依据" rules={[{ required: true, whitespace: true, message: '请填写依据' }]} extra="写明所依据的法律法规或本地规定条款">
              <Input />
            </Form.Item>
          </>
        )}
        {outcome === 'reject' && (
          <>
            <Form.Item name="referral" label="可向哪个单位反映（如能确定）">
              <Input />
            </Form.Item>
          </>
        )}
        {outcome === 'refer' && (
          <>
            <Form.Item name="hotline" label="转接热线" rules={[{ required: true }]}>
              <Radio.Group options={[{ value: '110', label: '110 报警' }, { value: '119', label: '119 火警' }, { value: '120', label: '120 急救' }, { value: '122', label: '122 交通事故' }]} optionType="button" />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
