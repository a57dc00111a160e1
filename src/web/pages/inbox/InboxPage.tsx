import { Badge, Card, Tabs, Typography } from 'antd';
import { BULLETIN_ROLES, TICKET_DECIDING_ROLES, useInboxCounts } from '../../inbox.ts';
import { useSession } from '../../session.tsx';
import type { DecisionKind } from '../../types.ts';
import { BulletinNotice } from '../bulletins/BulletinNotice.tsx';
import { BulletinSteps } from '../bulletins/BulletinSteps.tsx';
import { SubmissionTable } from '../submissions/SubmissionsPage.tsx';
import { DecisionTable } from './DecisionTable.tsx';
import { IntegrationIssues } from './IntegrationIssues.tsx';

const KINDS: Array<{ kind: DecisionKind; label: string }> = [
  { kind: 'extension', label: '延期审批' },
  { kind: 'return', label: '退单审核' },
  { kind: 'completion', label: '办结审核' },
  { kind: 'appeal', label: '申诉审核' },
  { kind: 'supervision-extension', label: '督办延期审批' },
  { kind: 'unit-review', label: '待本单位审核' },
  { kind: 'consolidation', label: '协办答复待汇总' },
  { kind: 'proposal', label: '督办建议' },
  { kind: 'follow-up', label: '协调跟进' },
];

const badge = (n: number) => <Badge count={n} showZero overflowCount={999} color={n ? '#faad14' : '#d9d9d9'} />;

/**
 * 待我审批: every request waiting for this user's decision under the active preset, by kind, with
 * counts; and, for analysts and leaders, the 通报 waiting for them (to submit, review or publish).
 */
export function InboxPage() {
  const counts = useInboxCounts();
  const { me } = useSession();
  const tickets = me!.roles.some((r) => TICKET_DECIDING_ROLES.includes(r));
  const bulletins = me!.roles.some((r) => BULLETIN_ROLES.includes(r));
  // 报送材料 wait for the center's supervisors and analysts (邵阳 第六条（六）)
  const submissions = me!.isCenter && me!.roles.some((r) => ['supervisor', 'analyst'].includes(r));
  // 对接异常: what the exchange and the webhooks gave up on waits for the center's administrator
  const integration = me!.isCenter && me!.roles.includes('admin');
  const ticketTotal = counts.total - counts.bulletin - counts.submission - counts.integration;
  const issuesTab = { key: 'integration', label: <span>对接异常 {badge(counts.integration)}</span>, children: <IntegrationIssues version={counts.integration} /> };
  return (
    <>
      <BulletinNotice />
      <Card title="待我审批" size="small" extra={tickets && <Typography.Text type="secondary">打开工单后在“办理操作”中审批</Typography.Text>}>
        <Tabs
          items={[
            // something the exchange gave up on comes first: it is out of sight otherwise, past the tabs' edge
            ...(integration && counts.integration ? [issuesTab] : []),
            ...(tickets
              ? [
                  { key: 'all', label: <span>全部工单 {badge(ticketTotal)}</span>, children: <DecisionTable /> },
                  // a kind nobody of this user's roles decides, under this preset, is left out when empty
                  ...KINDS.filter(({ kind }) => counts[kind] > 0 || (kind === 'unit-review' ? me!.roles.includes('unit_admin') : !['supervision-extension', 'proposal', 'consolidation', 'follow-up'].includes(kind) || me!.roles.some((r) => ['supervisor', 'admin'].includes(r)))).map(({ kind, label }) => ({ key: kind, label: <span>{label} {badge(counts[kind])}</span>, children: <DecisionTable kind={kind} /> })),
                ]
              : []),
            ...(bulletins ? [{ key: 'bulletin', label: <span>通报 {badge(counts.bulletin)}</span>, children: <BulletinSteps /> }] : []),
            ...(submissions ? [{ key: 'submission', label: <span>报送材料 {badge(counts.submission)}</span>, children: <SubmissionTable status="submitted" version={counts.submission} /> }] : []),
            ...(integration && !counts.integration ? [issuesTab] : []),
          ]}
        />
      </Card>
    </>
  );
}
