import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { STATE_COLORS, type KbEntry } from './types.ts';
import { validValues } from '../../components/forms.ts';
import { Markdown } from '../../components/Markdown.tsx';

type Part = { value: string; added?: boolean; removed?: boolean };
interface Diff {
  changes: Record<string, Part[] | Array<{ items: string[]; added?: boolean; removed?: boolean }> | { from: unknown; to: unknown }>;
}
const FIELD_LABELS: Record<string, string> = { title: '标题', answer: '答复口径', questions: '问法', state: '状态', category: '分类', ownerUnit: '维护单位', basis: '依据', effectiveFrom: '生效日期', expiresOn: '失效日期', visibility: '公开范围', attachments: '附件' };

function Change({ value }: { value: Diff['changes'][string] }) {
  const mark = (p: { added?: boolean; removed?: boolean }) => ({ background: p.added ? '#d9f7be' : p.removed ? '#ffccc7' : undefined, textDecoration: p.removed ? 'line-through' : undefined, whiteSpace: 'pre-wrap' as const });
  if (Array.isArray(value)) {
    return <>{value.map((p, i) => <span key={i} style={mark(p)}>{'items' in p ? p.items.join('、') : p.value}</span>)}</>;
  }
  return <><span style={mark({ removed: true })}>{JSON.stringify(value.from)}</span> → <span style={mark({ added: true })}>{JSON.stringify(value.to)}</span></>;
}

/** One knowledge entry: read, edit (a new version each save), move through review, compare versions. */
export function EntryDrawer({ id, draft, onClose, onChanged }: { id: string | 'new' | null; draft?: { title: string; questions: string[] }; onClose: () => void; onChanged: () => void }) {
  const { me } = useSession();
  const { message } = App.useApp();
  const [entry, setEntry] = useState<KbEntry | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [form] = Form.useForm();
  const isReviewer = me!.roles.some((r) => ['kb_reviewer', 'admin'].includes(r));
  const isEditor = me!.roles.some((r) => ['kb_editor', 'unit_admin', 'admin'].includes(r));

  useEffect(() => {
    setError(null);
    setDiff(null);
    if (!id || id === 'new') {
      setEntry(null);
      setEditing(id === 'new');
      return;
    }
    setEditing(false);
    api.get<KbEntry>(`/api/kb/entries/${id}`).then(setEntry).catch((e) => setError(e instanceof ApiError ? e.message : '加载失败'));
  }, [id]);

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      title: v.title,
      questions: v.questions ?? [],
      answer: v.answer,
      ...(v.category ? { category: v.category } : {}),
      ...(v.basisText ? { basis: { text: v.basisText, ...(v.basisUrl ? { url: v.basisUrl } : {}) } } : {}),
      ...(v.expiresOn ? { expiresOn: v.expiresOn.format('YYYY-MM-DD') } : {}),
      visibility: v.visibility,
    };
    try {
      const saved = entry ? await api.put<KbEntry>(`/api/kb/entries/${entry.id}`, { ...body, version: entry.version }) : await api.post<KbEntry>('/api/kb/entries', body);
      setEntry(saved);
      setEditing(false);
      message.success('已保存');
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败');
    }
  };

  const transition = async (action: 'submit' | 'approve' | 'return' | 'withdraw', comment?: string) => {
    try {
      const next = await api.post<KbEntry>(`/api/kb/entries/${entry!.id}/${action}`, { version: entry!.version, ...(comment ? { comment } : {}) });
      setEntry(next);
      message.success(next.stateLabel);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '操作失败');
    }
  };

  const [returnComment, setReturnComment] = useState('');
  const e = entry;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={e ? <Space>{e.title}<Tag color={STATE_COLORS[e.state]}>{e.stateLabel}</Tag></Space> : '新建知识条目'} destroyOnHidden>
      {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ marginBottom: 12 }} />}
      {editing ? (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={e ? { title: e.title, questions: e.questions, answer: e.answer, category: e.category, basisText: e.basis?.text, basisUrl: e.basis?.url, expiresOn: e.expiresOn ? dayjs(e.expiresOn) : undefined, visibility: e.visibility } : { visibility: 'internal', questions: draft?.questions ?? [], title: draft?.title }}
        >
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input maxLength={200} autoFocus /></Form.Item>
          <Form.Item name="questions" label="问法（来电人常见的说法，回车添加）"><Select mode="tags" open={false} tokenSeparators={['；', ';']} /></Form.Item>
          <Form.Item name="answer" label="答复口径（Markdown）" rules={[{ required: true, message: '请填写答复口径' }]}><Input.TextArea rows={8} maxLength={50000} showCount /></Form.Item>
          <Form.Item name="category" label="分类"><Input maxLength={100} /></Form.Item>
          <Space>
            <Form.Item name="basisText" label="政策依据"><Input style={{ width: 320 }} /></Form.Item>
            <Form.Item name="basisUrl" label="依据链接"><Input style={{ width: 260 }} /></Form.Item>
          </Space>
          <Space>
            <Form.Item name="expiresOn" label="失效日期"><DatePicker /></Form.Item>
            <Form.Item name="visibility" label="公开范围"><Radio.Group options={[{ value: 'internal', label: '仅工作人员' }, { value: 'public', label: '向公众公开' }]} /></Form.Item>
          </Space>
          <Space>
            <Button type="primary" onClick={save}>保存</Button>
            {e && <Button onClick={() => setEditing(false)}>取消</Button>}
          </Space>
        </Form>
      ) : e ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="问法">{e.questions.length ? e.questions.map((q) => <Tag key={q}>{q}</Tag>) : '—'}</Descriptions.Item>
            <Descriptions.Item label="答复口径"><Markdown>{e.answer}</Markdown></Descriptions.Item>
            <Descriptions.Item label="维护单位">{e.ownerUnit.name}</Descriptions.Item>
            {e.source && (
              <Descriptions.Item label="来源">
                <Tag color="geekblue">系统推送</Tag>
                {e.source.name}
                {e.source.ref && <Typography.Text type="secondary">（外部编号 {e.source.ref}）</Typography.Text>}
              </Descriptions.Item>
            )}
            <Descriptions.Item label="依据">{e.basis ? <>{e.basis.text} {e.basis.url && <a href={e.basis.url} target="_blank" rel="noreferrer">链接</a>}</> : '—'}</Descriptions.Item>
            <Descriptions.Item label="有效期">{e.effectiveFrom ?? '—'} 至 {e.expiresOn ?? '长期'}</Descriptions.Item>
            <Descriptions.Item label="公开范围">{e.visibility === 'public' ? '向公众公开' : '仅工作人员'}</Descriptions.Item>
            {e.uses && <Descriptions.Item label="使用情况">展示 {e.uses.shown} 次 · 用于答复 {e.uses.used} 次 · 有用 {e.uses.helpful} · 无用 {e.uses.unhelpful}</Descriptions.Item>}
            {e.reviewComment && <Descriptions.Item label="审核意见">{e.reviewComment}</Descriptions.Item>}
            <Descriptions.Item label="版本">第 {e.version} 版 · {e.updatedAt.slice(0, 16).replace('T', ' ')}</Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {isEditor && ['draft', 'published', 'expired', 'withdrawn'].includes(e.state) && <Button onClick={() => setEditing(true)}>修改</Button>}
            {isEditor && e.state === 'draft' && <Button type="primary" onClick={() => transition('submit')}>提交审核</Button>}
            {isReviewer && e.state === 'pending' && <Button type="primary" onClick={() => transition('approve')}>审核通过并发布</Button>}
            {(isEditor || isReviewer) && ['published', 'pending'].includes(e.state) && <Button danger onClick={() => transition('withdraw')}>撤回</Button>}
            {e.version > 1 && <Button onClick={() => api.get<Diff>(`/api/kb/entries/${e.id}/diff?from=${e.version - 1}&to=${e.version}`).then(setDiff).catch(() => setError('无法比较版本'))}>与上一版比较</Button>}
          </Space>
          {isReviewer && e.state === 'pending' && (
            <Space.Compact style={{ width: '100%' }}>
              <Input placeholder="退回意见" value={returnComment} onChange={(ev) => setReturnComment(ev.target.value)} />
              <Button danger disabled={!returnComment.trim()} onClick={() => transition('return', returnComment)}>退回修改</Button>
            </Space.Compact>
          )}
          {diff && (
            <Card size="small" title={`第 ${e.version - 1} 版 → 第 ${e.version} 版`}>
              {Object.entries(diff.changes).map(([field, value]) => (
                <div key={field} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{FIELD_LABELS[field] ?? field}：</Typography.Text>
                  <Change value={value} />
                </div>
              ))}
            </Card>
          )}
        </Space>
      ) : null}
    </Drawer>
  );
}
