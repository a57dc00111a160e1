import { Alert, App, Form, Input, Modal, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { TRANSFER_OUTCOME_LABELS, TRANSFER_OUTCOMES, type TransferOutcome } from '../../../core/telephony/transfers.ts';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import type { Hotline } from '../admin/HotlinesAdmin.tsx';
import type { Expert } from '../experts/ExpertsPage.tsx';

type Target = 'expert' | 'line' | 'emergency' | 'other';

interface Values {
  direction: 'out' | 'in';
  mode: 'transfer' | 'conference';
  hotlineId?: string;
  target?: string;
  targetName?: string;
  outcome: TransferOutcome;
  reference?: string;
  note?: string;
}

const OUTCOME_OPTIONS = TRANSFER_OUTCOMES.map((o) => ({ value: o, label: TRANSFER_OUTCOME_LABELS[o] }));

/**
 * 记录转接或三方通话: find the expert for the matter (by the request's words, those on duty first), or
 * a sub-centre or merged hotline, or 110/119/120/122, and record how it went — 接通、未接通、已解答、转办
 * (重庆 第十二条（一）); a matter handed over by 110 is recorded as 联动转入 (邵阳 第七条).
 */
export function TransferModal({ ticketId, content, onClose, onSaved }: { ticketId: string; content: string; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<Target>('expert');
  const [experts, setExperts] = useState<Expert[]>([]);
  const [lines, setLines] = useState<Hotline[]>([]);
  const [expertId, setExpertId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const direction = Form.useWatch('direction', form);
  useEffect(() => {
    api.get<{ items: Expert[] }>(`/api/experts${query({ text: content.slice(0, 2000) })}`).then((r) => setExperts(r.items)).catch(showError);
    api.get<{ items: Hotline[] }>('/api/hotlines').then((r) => setLines(r.items.filter((h) => h.kind !== 'main'))).catch(showError);
  }, [content]);
  useEffect(() => {
    if (kind === 'expert' || kind === 'other') form.setFieldValue('direction', 'out');
    form.setFieldValue('hotlineId', undefined);
  }, [kind, form]);
  const shown = lines.filter((h) => (kind === 'emergency' ? h.kind === 'emergency' : h.kind !== 'emergency'));
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    if (kind === 'expert' && !expertId) {
      void message.error('请选择一位专家');
      return;
    }
    const body = {
      direction: v.direction,
      mode: v.mode,
      outcome: v.outcome,
      ...(kind === 'expert' ? { expertId } : kind === 'other' ? { target: v.target?.trim(), ...(v.targetName?.trim() ? { targetName: v.targetName.trim() } : {}) } : { hotlineId: v.hotlineId }),
      ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    };
    setBusy(true);
    try {
      await api.post(`/api/tickets/${ticketId}/transfers`, body);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="记录转接或三方通话" okText="记录" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden width={720}>
      <Segmented<Target>
        block
        value={kind}
        onChange={setKind}
        options={[
          { value: 'expert', label: '专家座席' },
          { value: 'line', label: '分中心 / 并入热线' },
          { value: 'emergency', label: '110 / 119 / 120 / 122' },
          { value: 'other', label: '其他号码' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="vertical" initialValues={{ direction: 'out', mode: 'transfer' }} requiredMark>
        {kind === 'expert' && (
          <Table<Expert>
            size="small"
            rowKey="id"
            dataSource={experts.filter((e) => e.active)}
            pagination={{ pageSize: 5, hideOnSinglePage: true }}
            rowSelection={{ type: 'radio', selectedRowKeys: expertId ? [expertId] : [], onChange: (keys) => setExpertId(String(keys[0])) }}
            onRow={(e) => ({ onClick: () => setExpertId(e.id) })}
            locale={{ emptyText: '尚无专家座席（由各单位的单位管理员登记）' }}
            data-testid="expert-choices"
            style={{ marginBottom: 12 }}
            columns={[
              { title: '专家', key: 'name', render: (_: unknown, e) => <>{e.name}<div style={{ fontSize: 12, color: '#888' }}>{e.unitName}</div></> },
              { title: '专业领域', dataIndex: 'topics', render: (ts: string[], e) => ts.map((t) => <Tag key={t} color={e.matched.includes(t) ? 'orange' : undefined}>{t}</Tag>) },
              { title: '分机 / 电话', key: 'reach', width: 150, render: (_: unknown, e) => [e.extension && `分机 ${e.extension}`, e.phone].filter(Boolean).join(' / ') },
              { title: '坐席时间', key: 'hours', width: 170, render: (_: unknown, e) => <>{e.hoursLabel} <Tag color={e.onDutyNow ? 'green' : 'default'}>{e.onDutyNow ? '在岗' : '不在岗'}</Tag></> },
            ]}
          />
        )}
        {(kind === 'line' || kind === 'emergency') && (
          <>
            <Form.Item name="hotlineId" label={kind === 'emergency' ? '紧急热线' : '分中心或热线'} rules={[{ required: true, message: '请选择热线' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="选择目录中的号码"
                options={shown.map((h) => ({ value: h.id, label: `${h.number} ${h.name}${h.unitName ? `（${h.unitName}）` : ''} · ${h.hoursLabel}${h.answersNow ? '' : ' · 非服务时间'}` }))}
              />
            </Form.Item>
            {kind === 'emergency' && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title="紧急事项转 110/119/120/122 后，如需改变工单状态，请在“转紧急热线”中办理；110 转来的非警务诉求选“联动转入”。" />
            )}
            <Form.Item name="direction" label="方向">
              <Radio.Group options={[{ value: 'out', label: '12345 转出' }, { value: 'in', label: '联动转入 12345' }]} />
            </Form.Item>
          </>
        )}
        {kind === 'other' && (
          <Space align="start" wrap>
            <Form.Item name="target" label="号码或分机" rules={[{ required: true, pattern: /^[0-9A-Za-z*#+-]{1,30}$/, message: '请填写号码（数字、字母和 * # + -）' }]}>
              <Input maxLength={30} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="targetName" label="对方">
              <Input maxLength={60} style={{ width: 320 }} placeholder="如：区住建委值班室" />
            </Form.Item>
          </Space>
        )}
        {direction !== 'in' && (
          <Form.Item name="mode" label="方式">
            <Radio.Group options={[{ value: 'transfer', label: '呼叫转接' }, { value: 'conference', label: '三方通话' }]} />
          </Form.Item>
        )}
        <Form.Item name="outcome" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
          <Radio.Group options={OUTCOME_OPTIONS} />
        </Form.Item>
        {(direction === 'in' || kind === 'emergency' || kind === 'line') && (
          <Form.Item name="reference" label="对方编号" extra="如 110 警情编号、分中心工单号">
            <Input maxLength={60} style={{ width: 260 }} />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：专家答复了办理流程；分中心已受理" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        记录写入工单的办理过程；电话平台推送的转接会自动记入，结果可在列表中补记。
      </Typography.Text>
    </Modal>
  );
}
