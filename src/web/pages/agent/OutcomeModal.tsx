import { Form, Input, Modal, Radio } from 'antd';
import { useEffect } from 'react';
import { validValues } from '../../components/forms.ts';

export type Outcome = 'answer' | 'reject' | 'refer';

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
        {outcome === 'reject' && (
          <>
            <Form.Item name="reason" label="不予受理理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
              <Input.TextArea rows={3} autoFocus />
            </Form.Item>
            <Form.Item name="basis" label="依据" rules={[{ required: true, whitespace: true, message: '请填写依据' }]} extra="如：重庆市12345热线运行管理暂行办法第九条（一）">
              <Input />
            </Form.Item>
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
