import { Alert, App, Button, Card, Cascader, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Tag, Typography, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { lifeSafetyCue, type EmergencyHotline } from '../../../core/ticket/life-safety.ts';
import { api, ApiError } from '../../api.ts';
import { AttachmentUpload, type UploadedAttachment } from '../../components/AttachmentUpload.tsx';
import { showError } from '../../components/feedback.ts';
import { firstFieldError, validValues } from '../../components/forms.ts';
import { addressOptions, UnitPicker, useUnits } from '../../components/UnitPicker.tsx';
import { TYPE_OPTIONS, URGENCY_OPTIONS, type Suggestions, type Ticket } from '../../types.ts';
import { ClassifierHint } from './ClassifierHint.tsx';
import { DeskPanels } from './DeskPanels.tsx';
import { LifeSafetyAlert } from './LifeSafetyAlert.tsx';
import { OutcomeModal, type Outcome } from './OutcomeModal.tsx';
import { CallerNotice, type DeputyMatch } from './CallerNotice.tsx';
import { DeskFlagChoices, DeskFlagFields, flagPayload, type FlagValues } from './DeskFlags.tsx';
import { CallBanner, type PoppedCall } from './CallBanner.tsx';
import { useCallPop } from '../../live.ts';

interface Category {
  value: string;
  label: string;
  children?: Category[];
}

interface FormValues extends FlagValues {
  phone?: string;
  name?: string;
  type: string;
  urgency: string;
  category?: string[];
  area?: string[];
  address?: string;
  content: string;
  anonymous?: boolean;
  confidential?: boolean;
  complex?: boolean;
  units?: string[];
}

/** The ticket the last call became: its number and query code are read to the caller. */
interface Registered {
  id: string;
  number: string;
  queryCode: string | null;
  statusLabel: string;
  /** The call it was registered on (screen pop): linked with its recording. */
  callId: string | null;
}

const SHORTCUTS: Array<[string, Outcome | 'register']> = [
  ['1', 'register'],
  ['2', 'answer'],
  ['3', 'reject'],
  ['4', 'refer'],
];

/** Tight rows: the whole form, its buttons and the panels fit 1366×768 without scrolling. */
const ITEM = { style: { marginBottom: 10 } };

/**
 * 坐席工作台: one screen for a shift of calls — who is calling and what they asked before, the
 * request, the knowledge that answers it, and the outcome. After each registration the agent stays
 * here with an empty form; the new ticket's number and query code stay in view until the next one.
 * Built for touch typists: Tab moves through the form in reading order, Enter registers, Alt+1…4
 * pick the outcome, Alt+5 shows who is on duty now and Alt+6 the experts to bring in.
 */
export function AgentDesk() {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const units = useUnits();
  const [categories, setCategories] = useState<Category[]>([]);
  const [phone, setPhone] = useState('');
  const [content, setContent] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [hotline, setHotline] = useState<EmergencyHotline | undefined>();
  const [suggested, setSuggested] = useState<{ answer: string; entryId: string } | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [attachments, setAttachments] = useState<UploadedAttachment[]>([]);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<Registered[]>([]);
  const [error, setError] = useState<string | null>(null);
  // 来电弹屏 (issue 14): the call ringing at this agent's extension fills in the number
  const [call, setCall] = useState<PoppedCall | null>(null);
  useCallPop(({ callId }) => {
    api
      .get<PoppedCall>(`/api/telephony/calls/${encodeURIComponent(callId)}/pop`)
      .then((c) => {
        setCall(c);
        if (c.caller) {
          form.setFieldsValue({ phone: c.caller });
          setPhone(c.caller);
        }
      })
      .catch(showError);
  });
  const linkCall = useCallback(
    (ticket: { id: string; number: string }) => {
      if (!call) return;
      api
        .post(`/api/telephony/calls/${encodeURIComponent(call.callId)}/link`, { ticketId: ticket.id })
        .then(() => {
          setCall((c) => (c ? { ...c, linkedTo: ticket } : c));
          void message.success(`本次来电已关联工单 ${ticket.number}`);
        })
        .catch(showError);
    },
    [call, message],
  );
  // the registered deputy whose number this is (邵阳 第十八条): the flag is ticked for the agent
  const [deputy, setDeputy] = useState<DeputyMatch | null>(null);
  const onDeputy = useCallback(
    (d: DeputyMatch | null) => {
      setDeputy(d);
      const flags: string[] = form.getFieldValue('flags') ?? [];
      if (d && !flags.includes('deputy')) form.setFieldsValue({ flags: [...flags, 'deputy'], deputyId: d.id });
    },
    [form],
  );
  const area = Form.useWatch('area', form);
  const street = Form.useWatch('address', form);
  const category = Form.useWatch('category', form);
  const chosenUnits = Form.useWatch('units', form);
  const type = Form.useWatch('type', form);
  const urgency = Form.useWatch('urgency', form);
  const phoneInput = useRef<InputRef | null>(null);
  const cue = useMemo(() => lifeSafetyCue(content, { type, urgency }), [content, type, urgency]);

  useEffect(() => {
    api.get<Category[]>('/api/categories').then(setCategories).catch(showError);
  }, []);

  const payload = (v: FormValues) => ({
    channel: 'phone',
    caller: { ...(v.name ? { name: v.name } : {}), ...(v.phone ? { phone: v.phone } : {}) },
    type: v.type,
    urgency: v.urgency,
    content: v.content,
    ...(v.category?.length ? { category: v.category.at(-1) } : {}),
    ...(v.area?.length || v.address ? { address: [...(v.area ?? []), v.address ?? ''].join('') } : {}),
    anonymous: !!v.anonymous,
    confidential: !!v.confidential,
    complex: !!v.complex,
    attachments: attachments.map((a) => a.id),
    ...flagPayload(v, deputy?.id ?? null),
    // a follow-up call already belongs to its earlier ticket
    ...(call && !call.linkedTo ? { callId: call.callId } : {}),
  });

  const register = useCallback(
    async (then?: (t: Ticket) => Promise<Ticket>) => {
      setError(null);
      const values = await validValues<FormValues>(form);
      if (!values) {
        // from a dialog the form's own marks are behind the mask: say what is missing where they look
        if (then) void message.error(`登记表未填完整：${firstFieldError(form) ?? '请检查登记表'}`);
        return;
      }
      setBusy(true);
      try {
        let ticket = await api.post<Ticket>('/api/tickets', payload(values));
        const queryCode = ticket.queryCode;
        if (then) ticket = await then(ticket);
        else if (values.units?.length) {
          ticket = await api.act<Ticket>(ticket.id, 'dispatch', { units: values.units.map((unitId, i) => ({ unitId, role: i === 0 ? 'lead' : 'assist' })) });
        }
        // The agent stays for the next call: the form empties, the new number stays in view.
        const onCall = call && !call.linkedTo ? call.callId : null;
        setRegistered((r) => [{ id: ticket.id, number: ticket.number, queryCode: ticket.queryCode ?? queryCode, statusLabel: ticket.statusLabel, callId: onCall }, ...r].slice(0, 20));
        void message.success(`工单 ${ticket.number}：${ticket.statusLabel}`);
        form.resetFields();
        setContent('');
        setPhone('');
        setSuggested(null);
        setOutcome(null);
        setHotline(undefined);
        setAttachments([]);
        setDeputy(null);
        setCall(null);
        phoneInput.current?.focus();
      } catch (e) {
        const text = e instanceof ApiError ? e.message : '登记失败';
        setError(text);
        // from a dialog or a repeat's button the form's alert may be hidden: say it where they look
        if (then) void message.error(text);
      } finally {
        setBusy(false);
      }
    },
    // payload reads the attachments, the matched deputy and the call on the line
    [form, message, attachments, deputy, call],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const hit = SHORTCUTS.find(([k]) => k === e.key);
      if (!hit) return;
      e.preventDefault();
      if (hit[1] === 'register') void register();
      else setOutcome(hit[1]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [register]);

  // 值班: the units chosen in the form, else the top suggestions
  const dutyUnits = chosenUnits?.length ? chosenUnits : (suggestions?.suggestions.slice(0, 3).map((s) => s.unitId) ?? []);
  const last = registered[0];
  const address = [...(area ?? []), street ?? ''].join('');
  return (
    <Row gutter={12} wrap={false}>
      <Col flex="1 1 620px" style={{ minWidth: 0 }}>
        {last && (
          <Alert
            type="success"
            showIcon
            closable
            style={{ marginBottom: 8 }}
            data-testid="registered"
            title={
              <Space wrap size={8}>
                <span>
                  已登记工单 <Typography.Text strong copyable>{last.number}</Typography.Text>（{last.statusLabel}）
                </span>
                {last.queryCode && (
                  <span>
                    查询码 <Typography.Text strong copyable code>{last.queryCode}</Typography.Text>
                  </span>
                )}
                {last.callId && <Tag color="blue" data-testid="registered-call">已关联本次来电</Tag>}
                <Link to={`/tickets/${last.id}`}>打开工单</Link>
                {registered.length > 1 && <Typography.Text type="secondary">本班已登记 {registered.length} 件</Typography.Text>}
              </Space>
            }
            onClose={() => setRegistered((r) => r.slice(1))}
          />
        )}
        {cue && (
          <LifeSafetyAlert
            cue={cue}
            onRefer={(h) => {
              setHotline(h);
              setOutcome('refer');
            }}
          />
        )}
        {call && <CallBanner call={call} onDismiss={() => setCall(null)} />}
        <CallerNotice phone={phone} onDeputy={onDeputy} />
        <Card title="来电登记" size="small">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} closable onClose={() => setError(null)} />}
          <Form form={form} layout="vertical" initialValues={{ type: 'help', urgency: 'normal' }} onFinish={() => register()} requiredMark>
            <Row gutter={12}>
              <Col span={7}>
                <Form.Item {...ITEM} name="phone" label="来电号码" rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: '电话号码格式不正确' }]}>
                  <Input autoFocus ref={phoneInput} placeholder="来电号码" onBlur={(e) => setPhone(e.target.value.trim())} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item {...ITEM} name="name" label="来电人">
                  <Input placeholder="姓名或称呼" maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={11}>
                <Form.Item {...ITEM} name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
                  <Radio.Group options={TYPE_OPTIONS} optionType="button" size="small" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={7}>
                <Form.Item {...ITEM} name="urgency" label="紧急程度">
                  <Select options={URGENCY_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={17}>
                <Form.Item
                  {...ITEM}
                  name="category"
                  label="诉求分类"
                  {...(suggestions?.classification
                    ? { extra: <ClassifierHint classification={suggestions.classification} categories={categories} onUse={(path) => form.setFieldValue('category', path)} /> }
                    : {})}
                >
                  <Cascader options={categories} placeholder="一级 / 二级分类" showSearch changeOnSelect />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={9}>
                <Form.Item {...ITEM} name="area" label="区县 / 街镇">
                  <Cascader options={addressOptions(units)} placeholder="选择区县、街镇" showSearch changeOnSelect />
                </Form.Item>
              </Col>
              <Col span={15}>
                <Form.Item {...ITEM} name="address" label="详细地址">
                  <Input placeholder="路名、门牌、小区" maxLength={300} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item {...ITEM} name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }, { max: 10000, message: '诉求内容不能超过 10000 字' }]}>
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 6 }}
                showCount
                maxLength={10000}
                placeholder="记录来电人反映的问题、时间、地点、诉求"
                onChange={(e) => setContent(e.target.value)}
              />
            </Form.Item>
            <Row gutter={12} align="bottom">
              <Col span={12}>
                <Form.Item {...ITEM} name="units" label="派往单位（可选，首个为主办）">
                  <UnitPicker />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item {...ITEM} label="附件（照片、PDF）">
                  <AttachmentUpload value={attachments} onChange={setAttachments} />
                </Form.Item>
              </Col>
            </Row>
            <Space wrap style={{ marginBottom: 10 }}>
              <Form.Item name="anonymous" valuePropName="checked" noStyle>
                <Checkbox>匿名</Checkbox>
              </Form.Item>
              <Form.Item name="confidential" valuePropName="checked" noStyle>
                <Checkbox>要求保密</Checkbox>
              </Form.Item>
              <Form.Item name="complex" valuePropName="checked" noStyle>
                <Checkbox>情况复杂</Checkbox>
              </Form.Item>
              <span style={{ color: '#8c8c8c' }}>｜ 标记：</span>
              <DeskFlagChoices />
            </Space>
            <DeskFlagFields form={form} matched={deputy?.id ?? null} />
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy}>
                登记{chosenUnits?.length ? '并派单' : ''}（Enter / Alt+1）
              </Button>
              <Button onClick={() => setOutcome('answer')}>直接答复（Alt+2）</Button>
              <Button onClick={() => setOutcome('reject')}>不予受理（Alt+3）</Button>
              <Button danger onClick={() => setOutcome('refer')}>转紧急热线（Alt+4）</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col flex="0 0 420px" style={{ minWidth: 0 }}>
        <DeskPanels
          content={content}
          phone={phone}
          address={address}
          category={category?.at(-1)}
          urgency={urgency}
          busy={busy}
          register={register}
          onPickUnit={(s) => form.setFieldValue('units', [s.unitId, ...(chosenUnits ?? []).filter((u) => u !== s.unitId)])}
          onSuggestions={setSuggestions}
          dutyUnits={dutyUnits}
          callId={call?.callId ?? null}
          history={call?.history}
          onLinkCall={linkCall}
          onUseAnswer={(answer, entryId) => {
            setSuggested({ answer, entryId });
            setOutcome('answer');
          }}
        />
      </Col>
      <OutcomeModal
        outcome={outcome}
        suggested={suggested}
        hotline={hotline}
        busy={busy}
        onCancel={() => {
          setOutcome(null);
          setHotline(undefined);
        }}
        onSubmit={(action, body) => register((t) => api.act<Ticket>(t.id, action, body))}
      />
    </Row>
  );
}
