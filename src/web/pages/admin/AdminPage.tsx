import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { ApiKeysAdmin } from './ApiKeysAdmin.tsx';
import { ExchangeAdmin } from './ExchangeAdmin.tsx';
import { CalendarGrid } from './CalendarGrid.tsx';
import { DeputiesAdmin } from './DeputiesAdmin.tsx';
import { HotlinesAdmin } from './HotlinesAdmin.tsx';
import { OfficeHoursForm } from './OfficeHoursForm.tsx';
import { PolicyView } from './PolicyView.tsx';
import { RoutingTable } from './RoutingTable.tsx';
import { UnitsAdmin } from './UnitsAdmin.tsx';
import { UsersAdmin } from './UsersAdmin.tsx';
import { WebhooksAdmin } from './WebhooksAdmin.tsx';

/** 系统管理: units, users and roles, the dispatch directory, the active policy, the working calendar, office hours, the hotline directory, the register of deputies, system accounts' API keys and webhooks. */
export function AdminPage() {
  // ?tab= opens one tab directly (待我审批 · 对接异常 links to 平台交换 and Webhook)
  const [params, setParams] = useSearchParams();
  return (
    <Card title="系统管理" size="small">
      <Tabs
        activeKey={params.get('tab') ?? 'units'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        items={[
          { key: 'units', label: '单位', children: <UnitsAdmin /> },
          { key: 'users', label: '用户与角色', children: <UsersAdmin /> },
          { key: 'routing', label: '派单目录', children: <RoutingTable /> },
          { key: 'policy', label: '时限策略', children: <PolicyView /> },
          { key: 'calendar', label: '工作日历', children: <CalendarGrid /> },
          { key: 'hours', label: '办公时段', children: <OfficeHoursForm /> },
          { key: 'hotlines', label: '热线号码', children: <HotlinesAdmin /> },
          { key: 'deputies', label: '代表委员库', children: <DeputiesAdmin /> },
          { key: 'api-keys', label: 'API 密钥', children: <ApiKeysAdmin /> },
          { key: 'webhooks', label: 'Webhook', children: <WebhooksAdmin /> },
          { key: 'exchange', label: '平台交换', children: <ExchangeAdmin /> },
        ]}
      />
    </Card>
  );
}
