import { Alert, App, Button, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { MISUSE_STATE_LABELS, MISUSE_STATES, REFERRAL_TARGET_LABELS, REFERRAL_TARGETS } from '../../../core/flags/misuse.ts';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { useSession } from '../../session.tsx';
import { MISUSE_KIND_OPTIONS } from '../ticket/MisuseProposal.tsx';

interface Mark {
  id: string;
  phone: string | null;
  kindLabel: string;
  basis: string | null;
  reason: string;
  ticket: { id: string; number: string | null } | null;
  state: string;
  stateLabel: string;
  proposedBy: string;
  proposedById: string | null;
  proposedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  expiresAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  referrals: Array<{ toLabel: string; on: string; reference: string | null; note: string | null; by: string }>;
  version: number;
}

type Dialog = { kind: 'propose' } | { kind: 'approve' | 'reject' | 'revoke' | 'referral'; mark: Mark };

const STATE_COLORS: Record<string, string> = { proposed: 'gold', active: 'red', expired: 'default', rejected: 'default', revoked: 'default' };
const TITLES = { propose: '提出恶意、骚扰来电标记', approve: '审核通过', reject: '不予通过', revoke: '撤销标记', referral: '记录移送情况' };
const day = (s: string | null) => (s ? s.slice(0, 10) : '—');

function MarkDialog({ dialog, days, onClose, onDone }: { dialog: Dialog; days: number; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'propose') await api.post('/api/misuse-marks', v);
      else if (dialog.kind === 'referral') await api.post(`/api/misuse-marks/${dialog.mark.id}/referrals`, { ...v, on: v.on.format('YYYY-MM-DD') });
      else await api.post(`/api/misuse-marks/${dialog.mark.id}/${dialog.kind}`, { ...v, version: dialog.mark.version });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };
  const mark = dialog.kind === 'propose' ? null : dialog.mark;
  return (
    <Modal open destroyOnHidden title={TITLES[dialog.kind]} okText="提交" okButtonProps={{ danger: dialog.kind === 'approve' }} confirmLoading={busy} onCancel={onClose} onOk={() => void submit()}>
      {mark && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${mark.phone ?? ''}：${mark.kindLabel}`} description={`理由：${mark.reason}（${mark.proposedBy} 提出）`} />}
      {dialog.kind === 'approve' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`通过后该号码来电时坐席将看到提示，有效期 ${days} 天；不影响受理其合理诉求。`} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        {dialog.kind === 'propose' && (
          <>
            <Form.Item name="phone" label="来电号码" rules={[{ required: true, message: '请填写来电号码' }, { pattern: /^[0-9+\-\s]{5,20}$/, message: '电话号码格式不正确' }]} extra="也可在工单页由该来电人的工单提出（无需输入号码）">
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
            <Form.Item name="kind" label="情形" rules={[{ required: true, message: '请选择情形' }]}>
              <Select options={MISUSE_KIND_OPTIONS} />
            </Form.Item>
            <Form.Item name="reason" label="标记理由（时间、次数、经过、劝阻情况）" rules={[{ required: true, whitespace: true, message: '请写明标记理由' }, { min: 4, message: '至少 4 个字' }]}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {dialog.kind === 'approve' && (
          <Form.Item name="note" label="审核意见">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        {dialog.kind === 'reject' && (
          <Form.Item name="note" label="不予通过的理由" rules={[{ required: true, whitespace: true, message: '请写明不予通过的理由' }, { min: 4, message: '至少 4 个字' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {dialog.kind === 'revoke' && (
          <Form.Item name="reason" label="撤销理由" rules={[{ required: true, whitespace: true, message: '请写明撤销理由' }, { min: 4, message: '至少 4 个字' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {dialog.kind === 'referral' && (
          <>
            <Form.Item name="to" label="移送机关" rules={[{ required: true, message: '请选择移送机关' }]}>
              <Select options={REFERRAL_TARGETS.map((v) => ({ value: v, label: REFERRAL_TARGET_LABELS[v] }))} />
            </Form.Item>
            <Form.Item name="on" label="移送日期" rules={[{ required: true, message: '请选择移送日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="reference" label="回执或案件编号">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 恶意来电标记 (重庆 第二十六条; 凉山 第二十四条; 邵阳 第二十九条): proposals waiting for a second
 * supervisor, marks in force with their expiry, the referrals to 公安机关/司法机关. Numbers are masked.
 */
export function MisuseMarks() {
  const { me } = useSession();
  const { message } = App.useApp();
  const [state, setState] = useState('proposed');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; days: number; items: Mark[] }>({ total: 0, days: 180, items: [] });
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const supervisor = !!me?.roles.includes('supervisor');
  const proposer = supervisor || !!me?.roles.includes('dispatcher');
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<typeof data>(`/api/misuse-marks?state=${state}&page=${page}&pageSize=10`)
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [state, page]);
  useEffect(load, [load]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={state}
          onChange={(v) => (setState(String(v)), setPage(1))}
          options={[...MISUSE_STATES.map((s) => ({ value: s, label: MISUSE_STATE_LABELS[s] })), { value: 'all', label: '全部' }]}
        />
        {proposer && (
          <Button danger onClick={() => setDialog({ kind: 'propose' })}>
            提出标记
          </Button>
        )}
        <Typography.Text type="secondary">标记须经另一名督办员审核，生效 {data.days} 天；仅提示坐席，不影响受理合理诉求。</Typography.Text>
      </Space>
      <Table<Mark>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data.items}
        tableLayout="fixed"
        pagination={{ current: page, pageSize: 10, total: data.total, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '来电号码', dataIndex: 'phone', width: 118 },
          { title: '情形', dataIndex: 'kindLabel', width: 170, ellipsis: { showTitle: false }, render: (k: string, m) => <Tooltip title={m.basis ? `依据：${m.basis}` : k}>{k}</Tooltip> },
          { title: '标记理由', dataIndex: 'reason', ellipsis: { showTitle: false }, render: (r: string) => <Tooltip title={r}>{r}</Tooltip> },
          { title: '来源工单', width: 130, render: (_, m) => (m.ticket ? <Link to={`/tickets/${m.ticket.id}`}>{m.ticket.number}</Link> : '—') },
          { title: '提出', width: 150, render: (_, m) => <Tooltip title={m.proposedAt.slice(0, 16).replace('T', ' ')}>{`${m.proposedBy} ${day(m.proposedAt).slice(5)}`}</Tooltip> },
          {
            title: '状态',
            width: 150,
            render: (_, m) => (
              <Tooltip title={m.reviewNote ?? m.revokeReason ?? undefined}>
                <Tag color={STATE_COLORS[m.state]}>{m.stateLabel}</Tag>
                {m.state === 'active' && <Typography.Text type="secondary">至 {day(m.expiresAt)}</Typography.Text>}
              </Tooltip>
            ),
          },
          {
            title: '移送',
            width: 90,
            render: (_, m) =>
              m.referrals.length ? <Tooltip title={m.referrals.map((r) => `${r.on} ${r.toLabel}${r.reference ? `（${r.reference}）` : ''}`).join('；')}><Tag color="purple">{m.referrals.at(-1)!.toLabel}</Tag></Tooltip> : '—',
          },
          {
            title: '操作',
            width: 150,
            render: (_, m) => (
              <Space size={4} wrap>
                {supervisor && m.state === 'proposed' && m.proposedById !== me?.id && (
                  <>
                    <Button size="small" type="primary" danger onClick={() => setDialog({ kind: 'approve', mark: m })}>通过</Button>
                    <Button size="small" onClick={() => setDialog({ kind: 'reject', mark: m })}>不予通过</Button>
                  </>
                )}
                {supervisor && m.state === 'proposed' && m.proposedById === me?.id && <Typography.Text type="secondary">待他人审核</Typography.Text>}
                {supervisor && m.state === 'active' && <Button size="small" onClick={() => setDialog({ kind: 'revoke', mark: m })}>撤销</Button>}
                {proposer && ['active', 'expired', 'revoked'].includes(m.state) && <Button size="small" onClick={() => setDialog({ kind: 'referral', mark: m })}>移送</Button>}
              </Space>
            ),
          },
        ]}
      />
      {dialog && (
        <MarkDialog
          dialog={dialog}
          days={data.days}
          onClose={() => setDialog(null)}
          onDone={() => {
            void message.success('已保存');
            setDialog(null);
            load();
          }}
        />
      )}
    </Space>
  );
}
