import { Checkbox, Col, Form, Input, Row, Select, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { TICKET_FLAG_LABELS, TICKET_FLAG_TAGS, TICKET_FLAGS } from '../../../core/flags/ticket-flags.ts';
import { api } from '../../api.ts';

export interface FlagValues {
  flags?: string[];
  nationalNumber?: string;
  leaderBy?: string;
  leaderText?: string;
  enterpriseName?: string;
  creditCode?: string;
  deputyId?: string;
}

interface Deputy {
  id: string;
  name: string;
  title: string;
}

const ITEM = { style: { marginBottom: 10 } };
// short on the form's last line (涉企、国办、批示、代表委员), in full on hover
const OPTIONS = TICKET_FLAGS.map((f) => ({ value: f, label: <span title={TICKET_FLAG_LABELS[f]}>{TICKET_FLAG_TAGS[f]}</span> }));

/**
 * 工单标记 on the registration form: ticked, each asks for what it holds — the 国务院 platform's number
 * (国办工单), who instructed and what (领导批示件), the enterprise (涉企诉求, optional), the deputy (代表委员件:
 * ticked for the agent when the number is a registered deputy's). Kept to one line until one is ticked.
 */
export function DeskFlagChoices() {
  return (
    <Form.Item name="flags" noStyle>
      <Checkbox.Group options={OPTIONS} aria-label="工单标记" />
    </Form.Item>
  );
}

/** `matched`: the deputy the desk recognised by the number — named in the notice above, not asked again. */
export function DeskFlagFields({ form, matched }: { form: FormInstance; matched: string | null }) {
  const flags: string[] = Form.useWatch('flags', form) ?? [];
  // preserve: the field is not on the form while the matched deputy needs no asking
  const chosen: string | undefined = Form.useWatch('deputyId', { form, preserve: true });
  const [deputies, setDeputies] = useState<Deputy[]>([]);
  const wantsDeputy = flags.includes('deputy');
  useEffect(() => {
    if (!wantsDeputy || deputies.length) return;
    api.get<{ items: Deputy[] }>('/api/deputies').then((d) => setDeputies(d.items)).catch(() => setDeputies([]));
  }, [wantsDeputy, deputies.length]);
  const askDeputy = wantsDeputy && !(matched && chosen === matched);
  if (!flags.length) return null;
  return (
    <Row gutter={12}>
      {flags.includes('national') && (
        <Col span={6}>
          <Form.Item {...ITEM} name="nationalNumber" label="国办工单编号" rules={[{ required: true, whitespace: true, message: '请填写国务院平台的工单编号' }, { pattern: /^[A-Za-z0-9-]+$/, message: '只能是字母、数字和连字符' }]}>
            <Input maxLength={40} placeholder="国务院平台编号" />
          </Form.Item>
        </Col>
      )}
      {flags.includes('leaderInstruction') && (
        <>
          <Col span={5}>
            <Form.Item {...ITEM} name="leaderBy" label="批示领导" rules={[{ required: true, whitespace: true, message: '请填写批示领导' }]}>
              <Input maxLength={50} placeholder="如：市长 王某" />
            </Form.Item>
          </Col>
          <Col span={13}>
            <Form.Item {...ITEM} name="leaderText" label="批示内容" rules={[{ required: true, whitespace: true, message: '请填写批示内容' }]}>
              <Input maxLength={2000} placeholder="批示原文" />
            </Form.Item>
          </Col>
        </>
      )}
      {flags.includes('enterprise') && (
        <>
          <Col span={8}>
            <Form.Item {...ITEM} name="enterpriseName" label="企业名称（可选）">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item {...ITEM} name="creditCode" label="统一社会信用代码（可选）" rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$/, message: '应为 18 位数字或字母' }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
        </>
      )}
      {askDeputy && (
        <Col span={9}>
          <Form.Item {...ITEM} name="deputyId" label="代表委员" rules={[{ required: true, message: '请选择代表委员' }]}>
            <Select showSearch optionFilterProp="label" placeholder="从代表委员库中选择" options={deputies.map((d) => ({ value: d.id, label: `${d.name}（${d.title}）` }))} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

/** The flags as the registration API takes them; a deputy the desk matched but the agent unticked is sent as none. */
export function flagPayload(v: FlagValues, matchedDeputy: string | null): Record<string, unknown> {
  const f = v.flags ?? [];
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const name = text(v.enterpriseName);
  const code = text(v.creditCode)?.toUpperCase();
  return {
    ...(f.includes('national') ? { national: { number: text(v.nationalNumber) } } : {}),
    ...(f.includes('leaderInstruction') ? { leaderInstruction: { by: text(v.leaderBy), text: text(v.leaderText) } } : {}),
    ...(f.includes('enterprise') ? { enterprise: { ...(name ? { name } : {}), ...(code ? { creditCode: code } : {}) } } : {}),
    ...(f.includes('deputy') ? { deputyId: v.deputyId ?? matchedDeputy ?? undefined } : matchedDeputy ? { deputyId: null } : {}),
  };
}
