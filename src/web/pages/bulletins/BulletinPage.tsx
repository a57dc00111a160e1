import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { BULLETIN_ACTION_LABELS, GROUP_LABELS, type BulletinRow } from '../../../core/reports/bulletin.ts';
import { pct } from '../../../core/reports/report.ts';
import { api, ApiError } from '../../api.ts';
import { Change } from '../../components/Change.tsx';
import { showError } from '../../components/feedback.ts';
import { refreshInboxCounts } from '../../inbox.ts';
import { useSession } from '../../session.tsx';
import '../../print.css';
import { fmt, STATUS_COLORS, type Bulletin, type BulletinStep } from './types.ts';
import { CitedSubmissions } from '../submissions/CitedSubmissions.tsx';

const SHORT: Record<string, string> = { department: '部门', district: '区县', street: '街道', community: '社区', enterprise: '企业' };

function Ranking({ rows, own }: { rows: BulletinRow[]; own: string }) {
  return (
    <table className="plain" aria-label="考核排名附表">
      <thead>
        <tr>
          <th>类别</th>
          <th className="num">排名</th>
          <th>单位</th>
          <th className="num">受理</th>
          <th className="num">超期</th>
          <th className="num">按时办结率</th>
          <th className="num">满意率</th>
          <th className="num">得分</th>
          <th className="num">上月排名</th>
          <th className="num">环比</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.unit.id} className={r.unit.id === own ? 'own' : undefined} data-own={r.unit.id === own || undefined}>
            <td style={{ whiteSpace: 'nowrap' }}>{SHORT[r.group] ?? r.group}</td>
            <td className="num">{r.rank ?? '—'}</td>
            <td>
              {r.unit.name}
              {r.unit.id === own && (
                <Tag color="gold" style={{ marginLeft: 4 }}>
                  本单位
                </Tag>
              )}
            </td>
            <td className="num">{r.received}</td>
            <td className="num">{r.overdue}</td>
            <td className="num">{pct(r.onTimeRate)}</td>
            <td className="num">{pct(r.satisfactionRate)}</td>
            <td className="num">{r.score === null ? '—' : r.score.toFixed(1)}</td>
            <td className="num">{r.previousRank ?? '—'}</td>
            <td className="num">
              <Space size={4}>
                <Change value={r.scoreChange} unit="分" />
                {!!r.rankChange && <Change value={r.rankChange} digits={0} unit="位" />}
              </Space>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One 通报 as a document (print-ready), with the steps this user may take on it: the author edits,
 * regenerates and submits; a leader returns it with a reason, approves and publishes it. A unit's
 * own row in the ranking is highlighted, and its place is said at the top.
 */
export function BulletinPage() {
  const { id } = useParams();
  const { me } = useSession();
  const [b, setB] = useState<Bulletin | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [returning, setReturning] = useState(false);
  const [edit] = Form.useForm<{ title: string; body: string }>();
  const [back] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const load = useCallback(() => {
    api
      .get<Bulletin>(`/api/bulletins/${id}`)
      .then((x) => {
        setB(x);
        setError(null);
        // opening a published one marks it read: the badge and the notices follow
        refreshInboxCounts();
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : '通报加载失败'));
  }, [id]);
  useEffect(load, [load]);

  const run = async (step: BulletinStep, body: Record<string, unknown> = {}, done = '') => {
    setBusy(true);
    try {
      const path = step === 'update' ? `/api/bulletins/${id}` : `/api/bulletins/${id}/${step}`;
      const next = step === 'update' ? await api.put<Bulletin>(path, { version: b!.version, ...body }) : await api.post<Bulletin>(path, { version: b!.version, ...body });
      setB(next);
      refreshInboxCounts();
      if (done) message.success(done);
      return true;
    } catch (e) {
      showError(e);
      if (e instanceof ApiError && e.status === 409) load();
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} action={<Link to="/bulletins">返回通报列表</Link>} />;
  if (!b?.content) return <Spin style={{ display: 'block', marginTop: 120 }} />;
  const c = b.content;
  const mine = c.ranking.find((r) => r.unit.id === me!.unit.id);
  const may = (s: BulletinStep) => b.allowed.includes(s);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        className="no-print"
        title={
          <Space>
            <Link to="/bulletins">
              <ArrowLeftOutlined /> 通报
            </Link>
            <span>{b.month}</span>
            <Tag color={STATUS_COLORS[b.status]}>{b.statusLabel}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {may('update') && (
              <Button
                onClick={() => {
                  edit.setFieldsValue({ title: b.title, body: b.body ?? '' });
                  setEditing(true);
                }}
              >
                编辑正文
              </Button>
            )}
            {may('regenerate') && (
              <Popconfirm title="按最新数据重新生成？" description="附表和正文都会重新生成，已修改的正文将被替换。" okText="重新生成" cancelText="取消" onConfirm={() => run('regenerate', {}, '已重新生成')}>
                <Button loading={busy}>重新生成</Button>
              </Popconfirm>
            )}
            {may('submit') && (
              <Button type="primary" loading={busy} onClick={() => run('submit', {}, '已提交审核')}>
                提交审核
              </Button>
            )}
            {may('return') && (
              <Button danger onClick={() => setReturning(true)}>
                退回修改
              </Button>
            )}
            {may('approve') && (
              <Button type="primary" loading={busy} onClick={() => run('approve', {}, '已审核通过')}>
                审核通过
              </Button>
            )}
            {may('publish') && (
              <Popconfirm title="发布到各承办单位？" description="发布后各单位即可查看，通报不能再修改。" okText="发布" cancelText="取消" onConfirm={() => run('publish', {}, '已发布')}>
                <Button type="primary" loading={busy}>
                  发布
                </Button>
              </Popconfirm>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>
          </Space>
        }
      >
        {b.status === 'returned' && b.returnReason && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={`领导退回修改：${b.returnReason}`} />}
        {!me!.isCenter &&
          (mine ? (
            <Alert
              type="info"
              showIcon
              title={
                <span>
                  本单位（{mine.unit.name}）：{GROUP_LABELS[mine.group] ?? mine.group}第 {mine.rank ?? '—'} 名，综合得分 {mine.score?.toFixed(1) ?? '—'}，环比 <Change value={mine.scoreChange} unit="分" />
                  {!!mine.rankChange && (
                    <>
                      {' '}
                      <Change value={mine.rankChange} digits={0} unit="位" />
                    </>
                  )}
                  {c.criticized.some((x) => x.unit.id === mine.unit.id) && '，列入通报批评名单'}
                  {c.praised.some((x) => x.unit.id === mine.unit.id) && '，列入通报表扬名单'}
                </span>
              }
            />
          ) : (
            <Alert type="info" showIcon title="本单位本月无交办的主办件，不参加排名。" />
          ))}
        <Typography.Text type="secondary">
          起草人 {b.authorName} · 生成于 {fmt(c.generatedAt)} · 数据期间 {c.period.from} 至 {c.period.to}（环比 {c.previous.from} 至 {c.previous.to}）
          {b.publishedAt && ` · 发布于 ${fmt(b.publishedAt)}`}
        </Typography.Text>
      </Card>
      <div className="paper" data-testid="bulletin-document">
        <h1>{b.title}</h1>
        <div className="meta">{b.publishedAt ? `${fmt(b.publishedAt).slice(0, 10)} 发布` : `（${b.statusLabel}）`}</div>
        <div className="body-text">{b.body}</div>
        <div className="section">
          <h2>附表：{b.month} 承办单位考核排名</h2>
          <Ranking rows={c.ranking} own={me!.unit.id} />
          <p style={{ fontSize: 12, color: '#8c8c8c', textIndent: 0, marginTop: 6 }}>
            表扬：综合得分不低于 {c.thresholds.praiseScore} 分且无超期件；通报批评：综合得分低于 {c.thresholds.criticizeScore} 分或超期 {c.thresholds.overdueLimit} 件以上；受理量少于{' '}
            {c.thresholds.minReceived} 件的单位只列入排名。环比为与上月相比的得分变化和排名升降。
          </p>
        </div>
      </div>
      <CitedSubmissions bulletinId={b.id} />
      {b.history && (
        <Card size="small" title="办理过程" className="no-print">
          <Timeline
            items={b.history.map((h) => ({
              content: (
                <span>
                  {fmt(h.at)} {h.byName} {BULLETIN_ACTION_LABELS[h.action] ?? h.action}
                  {h.note && <Typography.Text type="secondary">：{h.note}</Typography.Text>}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      <Modal title="编辑通报" open={editing} width={860} okText="保存" confirmLoading={busy} onCancel={() => setEditing(false)} onOk={async () => (await run('update', await edit.validateFields(), '已保存')) && setEditing(false)} forceRender>
        <Form form={edit} layout="vertical">
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
            <Input.TextArea autoSize={{ minRows: 12, maxRows: 22 }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title="退回修改" open={returning} okText="退回" okButtonProps={{ danger: true }} confirmLoading={busy} onCancel={() => setReturning(false)} onOk={async () => (await run('return', await back.validateFields(), '已退回起草人')) && setReturning(false)} forceRender>
        <Form form={back} layout="vertical">
          <Form.Item name="reason" label="退回理由（起草人可见）" rules={[{ required: true, whitespace: true, min: 2, message: '请填写退回理由' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
