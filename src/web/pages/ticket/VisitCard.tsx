import { Alert, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { ATTEMPT_METHOD_LABELS, ATTEMPT_OUTCOME_LABELS, CONTACT_METHOD_LABELS, REPLY_RESOLUTION_LABELS } from '../../../core/visit/labels.ts';
import { deliveryFailureText } from '../../../core/visit/sms-delivery.ts';
import type { Ticket } from '../../types.ts';
import { inTimelineOrder } from './events.ts';
import { visitRules, type VisitRules } from './policy-hints.ts';

const fmt = (s: unknown) => (typeof s === 'string' && s ? s.slice(0, 16).replace('T', ' ') : '');
const SATISFACTION: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };

/**
 * 回访情况, for the hotline's staff: what the visitor needs before calling — the units' contact with
 * the caller and their plan for what is not solved yet (邵阳 第十五条、第十七条), the SMS visit, whether
 * the gateway delivered it (短信未送达: the visitor calls instead) and the caller's reply (凉山 第十三条（一）), the tries to reach the caller (邵阳 第十四条（二）) and whether
 * the matter is one whose satisfaction is not counted (重庆 第十四条).
 */
export function VisitCard({ ticket: t }: { ticket: Ticket }) {
  const [rules, setRules] = useState<VisitRules | null>(null);
  useEffect(() => {
    api.get('/api/policy').then((p) => setRules(visitRules(p))).catch(() => {});
  }, []);
  const attempts = inTimelineOrder(t.events).filter((e) => e.action === 'visit-attempt');
  const shares = t.assignments.filter((a) => a.parentId === null && a.reply);
  const sms = t.smsVisit;
  const exempt = t.exemptKind ? (rules?.exemptKinds.find((k) => k.code === t.exemptKind)?.label ?? '满意度豁免事项') : null;
  const need = rules?.unreachable?.attempts;
  return (
    <Card size="small" title={<Space>回访情况{exempt && <Tag color="purple" data-testid="exempt-tag">{exempt}（不计入满意率）</Tag>}</Space>} data-testid="visit-card">
      <Descriptions size="small" column={1} bordered items={[
        {
          key: 'unit-contact',
          label: '承办单位联系来电人',
          children: shares.length === 0 ? <Typography.Text type="secondary">尚无办理答复</Typography.Text> : (
            <Space orientation="vertical" size={2}>
              {shares.map((a) => {
                const r = a.reply!;
                const c = (r.contact ?? {}) as Record<string, unknown>;
                const contacted = (c.contacted ?? r.contacted) === true;
                return (
                  <div key={a.id}>
                    <Typography.Text strong>{a.unit.name}：</Typography.Text>
                    {contacted ? <Tag color="green">已联系</Tag> : <Tag color="orange">未联系</Tag>}
                    {contacted && [CONTACT_METHOD_LABELS[String(c.method)], fmt(c.at)].filter(Boolean).join('，')}
                    {typeof (c.note ?? r.contactNote) === 'string' && <span>（{String(c.note ?? r.contactNote)}）</span>}
                    {typeof r.resolution === 'string' && r.resolution !== 'resolved' && (
                      <div>
                        <Tag color="gold">{REPLY_RESOLUTION_LABELS[r.resolution]}</Tag>
                        {r.measures ? `措施：${String(r.measures)}` : ''}{r.targetDate ? `；预计 ${String(r.targetDate)} 前解决` : ''}
                      </div>
                    )}
                  </div>
                );
              })}
            </Space>
          ),
        },
        ...(rules?.sms || sms
          ? [{
              key: 'sms',
              label: '短信回访',
              children: !sms ? <Typography.Text type="secondary">未发送</Typography.Text> : (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <span>
                    {fmt(sms.sentAt)} 已发送{sms.repliedAt ? `，${fmt(sms.repliedAt)} 来电人回复：` : sms.delivery?.status === 'failed' ? '' : '，等待来电人回复'}
                    {sms.reply !== null && <Typography.Text code>{sms.reply}</Typography.Text>}
                    {!sms.repliedAt && sms.delivery?.status === 'delivered' && <Tag color="green" style={{ marginLeft: 8 }} data-testid="sms-delivered">已送达</Tag>}
                  </span>
                  {!sms.repliedAt && sms.delivery?.status === 'failed' && (
                    <Alert type="error" showIcon data-testid="sms-undelivered" title={`短信未送达：${deliveryFailureText(sms.delivery.code, sms.delivery.description)}。请电话回访`} />
                  )}
                  {sms.repliedAt && (sms.parsed
                    ? <Tag color={sms.parsed === 'dissatisfied' ? 'red' : 'green'} data-testid="sms-parsed">识别为：{SATISFACTION[sms.parsed]}</Tag>
                    : <Alert type="warning" showIcon data-testid="sms-unparsed" title="未能识别来电人的回复，请阅读后电话回访或直接记录回访结果" />)}
                  {sms.parsed === 'dissatisfied' && t.status === 'visiting' && <Alert type="info" showIcon title="短信回访不满意的，进行人工回访后记录结果" />}
                </Space>
              ),
            }]
          : []),
        {
          key: 'attempts',
          label: '联系来电人',
          children: (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <span data-testid="attempt-count">未联系上 {t.visitAttempts ?? 0} 次{need ? `（满 ${need} 次可按联系不上办结）` : ''}</span>
              {attempts.length > 0 ? (
                <List size="small" dataSource={attempts} renderItem={(e) => {
                  const d = e as Record<string, unknown>;
                  return <List.Item style={{ padding: '2px 0' }}>{`第 ${String(d.attempt ?? '')} 次 ${fmt(e.at)} ${ATTEMPT_METHOD_LABELS[String(d.method)] ?? ''}：${ATTEMPT_OUTCOME_LABELS[String(d.outcome)] ?? ''}${d.note ? `（${String(d.note)}）` : ''} — ${e.actor}`}</List.Item>;
                }} />
              ) : <Typography.Text type="secondary">尚无未联系上的记录</Typography.Text>}
            </Space>
          ),
        },
      ]} />
    </Card>
  );
}
