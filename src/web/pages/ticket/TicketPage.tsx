import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api.ts';
import { RemainingTag } from '../../components/DueBadge.tsx';
import { showError } from '../../components/feedback.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';
import { useLive } from '../../live.ts';
import type { Clock, Ticket } from '../../types.ts';
import { useSession } from '../../session.tsx';
import { ActionPanel } from './ActionPanel.tsx';
import { AppealCard } from './AppealCard.tsx';
import { CoordinationCard } from './CoordinationCard.tsx';
import { AttachmentsCard } from './AttachmentsCard.tsx';
import { PredictedCategory } from './PredictedCategory.tsx';
import { RepeatsCard } from './RepeatsCard.tsx';
import { SuggestionCard } from './SuggestionCard.tsx';
import { CallerContact } from './CallerContact.tsx';
import { DossierButtons } from './DossierButtons.tsx';
import { lastSendBack } from './events.ts';
import { OutcomeItem, ReplyReport } from './Outcome.tsx';
import { PendingReturn } from './PendingReturn.tsx';
import { ReplyReviewNotice } from './ReplyReviewNotice.tsx';
import { TimelineCard } from './TimelineCard.tsx';
import { VisitCard } from './VisitCard.tsx';
import { FlagTags } from '../../components/FlagTags.tsx';
import { FlagDetails } from './FlagDetails.tsx';
import { MisuseProposal } from './MisuseProposal.tsx';
import { CallsCard } from './CallsCard.tsx';
import { LiaisonsOfTicket } from './LiaisonsOfTicket.tsx';
import { UpperPlatformCard } from './UpperPlatformCard.tsx';
import { PeerTransferCard } from './PeerTransferCard.tsx';
import { TransfersCard } from './TransfersCard.tsx';

const fmt = (s: string | null | undefined) => (s ? s.slice(0, 16).replace('T', ' ') : '—');

function ClockTable({ clocks }: { clocks: Clock[] }) {
  if (!clocks.length) return <Typography.Text type="secondary">无时限</Typography.Text>;
  return (
    <Table<Clock>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={clocks}
      columns={[
        { title: '时限', dataIndex: 'label', width: 80 },
        { title: '规则', dataIndex: 'rule' },
        { title: '到期', dataIndex: 'dueAt', width: 130, render: (d: string, c) => <>{fmt(d)}{c.provisional && <Tag color="purple">暂定</Tag>}</> },
        {
          title: '状态',
          width: 150,
          render: (_, c) =>
            c.status === 'running' ? <RemainingTag remaining={c.remaining} overdue={c.overdue} /> : <Tag color={c.status === 'overdue' ? 'red' : 'default'}>{c.status === 'met' ? '已按时完成' : c.status === 'overdue' ? '超期完成' : '已停止'}</Tag>,
        },
        { title: '依据', dataIndex: 'basis', ellipsis: true, render: (b: string) => <Typography.Text type="secondary" ellipsis={{ tooltip: b }}>{b}</Typography.Text> },
      ]}
    />
  );
}

export function TicketPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<Ticket>(`/api/tickets/${id}`)
      .then((t) => (setTicket(t), setError(null)))
      .catch((e) => (e instanceof ApiError ? setError(e.message) : showError(e)));
  }, [id]);
  useEffect(load, [load]);
  useLive(load, (c) => c.ticketId === id);
  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={() => navigate(-1)}>返回</Button>} />;
  if (!ticket) return <Spin />;
  const t = ticket;
  const sendBack = lastSendBack(t.events);
  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {sendBack && ['handling', 'redo'].includes(t.status) && (
            <Alert type="warning" showIcon data-testid="send-back" title={`审核退回：${String(sendBack.reason ?? '')}（${sendBack.actor}，${fmt(sendBack.at)}）`} description="请按退回意见继续办理后重新提交办理答复。" />
          )}
          {t.access?.readOnly && <Alert type="info" showIcon title="本单位对该工单的承办已结束（已退回或已移交），以下仅为本单位的办理记录，不能再办理。" />}
          <Card
            size="small"
            title={<Space>工单 {t.number}<Tag color={STATUS_COLORS[t.status]}>{t.statusLabel}</Tag>{t.urgency !== 'normal' && <Tag color="red">{t.urgencyLabel}</Tag>}<span data-testid="ticket-flags"><FlagTags flags={t.flags?.kinds} full /></span></Space>}
            extra={
              <Space size={8}>
                {t.callerView === 'full' && t.caller?.phone && me && ['dispatcher', 'supervisor'].some((r) => me.roles.includes(r)) && <MisuseProposal ticket={t} />}
                {t.status === 'archived' && <DossierButtons me={me} ticketId={t.id} number={t.number} />}
                <Button onClick={() => navigate(-1)}>返回</Button>
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label="类型">{t.typeLabel}</Descriptions.Item>
              <Descriptions.Item label="渠道">{{ phone: '电话', web: '网站', wechat: '微信', app: 'App', mailbox: '信箱', api: '接口', upper_platform: '上级平台', open311: 'Open311' }[t.channel] ?? t.channel}</Descriptions.Item>
              <Descriptions.Item label="来电人">
                <CallerContact ticket={t} onLogged={load} />
              </Descriptions.Item>
              <Descriptions.Item label="登记时间">{fmt(t.createdAt)}</Descriptions.Item>
              {t.queryCode && <Descriptions.Item label="查询码">{t.queryCode}</Descriptions.Item>}
              <Descriptions.Item label="分类">{t.category ?? '—'}{t.predictedCategory && <PredictedCategory p={t.predictedCategory} />}</Descriptions.Item>
              <Descriptions.Item label="地址" span="filled">{t.address ?? '—'}</Descriptions.Item>
              {t.flags && t.flags.kinds.length > 0 && (
                <Descriptions.Item label="工单标记" span="filled">
                  <FlagDetails flags={t.flags} />
                </Descriptions.Item>
              )}
              <Descriptions.Item label="诉求内容" span="filled">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{t.content}</Typography.Paragraph>
              </Descriptions.Item>
              {t.outcome && <Descriptions.Item label="处理结果" span="filled"><OutcomeItem outcome={t.outcome} /></Descriptions.Item>}
              {(t.satisfaction || t.closure === 'unreachable') && (
                <Descriptions.Item label="回访结果" span="filled">
                  {t.closure === 'unreachable' ? '联系不上（不计入满意率）' : ({ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[t.satisfaction ?? ''] ?? '')}
                  {t.resolution ? `，${{ resolved: '已解决', partly: '部分解决', unresolved: '未解决' }[t.resolution] ?? ''}` : ''}
                  {t.exemptKind && <Tag color="purple" style={{ marginLeft: 8 }}>满意度豁免</Tag>}
                  {t.closure === 'annotated' && <Tag style={{ marginLeft: 8 }}>备注办结</Tag>}
                  {t.appealStatus && <Tag color="blue" style={{ marginLeft: 8 }}>申诉{{ pending: '待审核', approved: '已通过', rejected: '已驳回' }[t.appealStatus]}</Tag>}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {t.access?.relation === 'center' && <CallsCard ticketId={t.id} version={`${t.version}:${t.events.length}`} />}
          {t.channel === 'upper_platform' && <UpperPlatformCard ticketId={t.id} version={`${t.version}:${t.events.length}`} />}
          {t.access?.relation === 'center' && <PeerTransferCard ticket={t} onDone={setTicket} />}
          <TransfersCard ticketId={t.id} content={t.content} version={`${t.version}:${t.events.length}`} />
          {t.access?.relation === 'center' && ['visiting', 'answered', 'redo', 'closed', 'archived'].includes(t.status) && <VisitCard ticket={t} />}
          {t.clocks.length > 0 && (
            <Card size="small" title="工单时限">
              <ClockTable clocks={t.clocks} />
            </Card>
          )}
          <Card size="small" title="承办单位">
            {t.assignments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未派单" />
            ) : (
              t.assignments.map((a) => (
                <Card key={a.id} type="inner" size="small" style={{ marginBottom: 8 }} title={<Space>{a.parentId ? '└ 下派：' : ''}{a.unit.name}<Tag>{{ lead: '主办', assist: '协办', joint: '会签' }[a.role]}</Tag><Tag color="blue">{a.statusLabel}</Tag>{a.extensionCount > 0 && <Tag>已延期 {a.extensionCount} 次</Tag>}{a.preset && !a.preset.isDefault && <Tag color="purple" title={a.preset.title}>按{a.preset.name.split('（')[0]}办法计时</Tag>}</Space>}>
                  {a.pendingReturn && a.status === 'return_requested' && <PendingReturn share={a} />}
                  {a.pendingExtension && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`申请延期 ${String(a.pendingExtension.days)} 个工作日：${String(a.pendingExtension.reason)}`} />}
                  <ReplyReviewNotice share={a} />
                  {a.reply && <ReplyReport reply={a.reply} repliedAt={a.repliedAt} sentBack={!a.repliedAt && a.status === 'handling'} />}
                  <ClockTable clocks={a.clocks} />
                </Card>
              ))
            )}
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {t.status === 'registered' && me && ['agent', 'dispatcher', 'admin'].some((r) => me.roles.includes(r)) && <SuggestionCard ticket={t} onDone={setTicket} />}
          {me && ['agent', 'dispatcher', 'admin'].some((r) => me.roles.includes(r)) && <RepeatsCard key={`${t.id}:${t.version}`} ticket={t} onDone={setTicket} />}
          {!t.access?.readOnly && <ActionPanel ticket={t} onDone={setTicket} />}
          {t.access?.relation === 'center' && t.assignments.length > 0 && <LiaisonsOfTicket unitIds={t.assignments.map((a) => a.unit.id)} />}
          <CoordinationCard ticket={t} onDone={load} />
          <AppealCard ticket={t} />
          <AttachmentsCard ticketId={t.id} version={t.version} />
          <TimelineCard events={t.events} />
        </Space>
      </Col>
    </Row>
  );
}
