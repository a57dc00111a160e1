import { AuditOutlined, BellOutlined, CheckSquareOutlined, DownOutlined, KeyOutlined, SafetyOutlined, BookOutlined, CustomerServiceOutlined, FileSearchOutlined, LogoutOutlined, PhoneOutlined, SendOutlined, SettingOutlined, TrophyOutlined, DashboardOutlined, FileTextOutlined, NotificationOutlined, ShopOutlined, SafetyCertificateOutlined, ScheduleOutlined, FileAddOutlined, TeamOutlined, GlobalOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Layout, Menu, Space, Spin } from 'antd';
import { Suspense, useEffect } from 'react';
import { prefetchStaffPages } from '../pages.ts';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { TakenOver } from '../taken-over.tsx';
import { DECIDING_ROLES, mayDecide, useInboxCounts } from '../inbox.ts';
import { useSession } from '../session.tsx';

const ITEMS = [
  { key: '/agent', icon: <PhoneOutlined />, label: '坐席工作台', roles: ['agent', 'admin'] },
  { key: '/dispatch', icon: <SendOutlined />, label: '派单中心', roles: ['dispatcher', 'admin'] },
  { key: '/unit', icon: <ShopOutlined />, label: '承办单位', roles: ['handler', 'unit_admin'] },
  { key: '/inbox', icon: <CheckSquareOutlined />, label: '待我审批', roles: DECIDING_ROLES },
  { key: '/visit', icon: <CustomerServiceOutlined />, label: '回访', roles: ['visitor', 'admin'] },
  { key: '/dashboard', icon: <DashboardOutlined />, label: '数据看板', roles: ['leader', 'analyst', 'supervisor', 'admin'] },
  // a province's platform only: its cities' indicators side by side (四川 (sichuan-2021) 二 省市数据通道)
  { key: '/province', icon: <GlobalOutlined />, label: '全省对比', roles: ['leader', 'analyst', 'supervisor', 'admin'], provincial: true },
  { key: '/evaluation', icon: <TrophyOutlined />, label: '考核排名', roles: ['leader', 'analyst', 'supervisor', 'admin', 'unit_admin'] },
  { key: '/reports', icon: <FileTextOutlined />, label: '报告', roles: ['leader', 'analyst', 'supervisor'] },
  // published to every unit (重庆 第二十四条 定期通报); drafted and reviewed by analysts and leaders
  { key: '/bulletins', icon: <NotificationOutlined />, label: '通报', roles: ['leader', 'analyst', 'supervisor', 'admin', 'handler', 'unit_admin'] },
  { key: '/supervise', icon: <BellOutlined />, label: '督办', roles: ['supervisor', 'leader', 'admin', 'dispatcher'] },
  { key: '/tickets', icon: <FileSearchOutlined />, label: '工单查询', roles: ['agent', 'dispatcher', 'visitor', 'supervisor', 'leader', 'analyst', 'admin', 'handler', 'unit_admin', 'kb_editor', 'kb_reviewer'] },
  { key: '/kb', icon: <BookOutlined />, label: '知识库', roles: ['agent', 'kb_editor', 'kb_reviewer', 'unit_admin', 'admin', 'dispatcher', 'handler'] },
  // kept by the administrator and each unit's 单位管理员 (邵阳 第二十七条 24小时值班表); read at the center
  // 报送材料 (邵阳 第六条（六）): units submit, the center reads (server: submissions/store.ts)
  { key: '/submissions', icon: <FileAddOutlined />, label: '报送材料', roles: ['handler', 'unit_admin', 'supervisor', 'analyst', 'leader', 'admin'] },
  { key: '/duty', icon: <ScheduleOutlined />, label: '值班表', roles: ['admin', 'unit_admin', 'agent', 'dispatcher', 'supervisor'] },
  // designated by each unit (大足 第四条（五）, 凉山 第七条（五）, 邵阳 第六条（五）); found by the center for a matter
  { key: '/experts', icon: <TeamOutlined />, label: '专家座席', roles: ['admin', 'unit_admin', 'handler', 'agent', 'dispatcher', 'supervisor'] },
  { key: '/admin', icon: <SettingOutlined />, label: '系统管理', roles: ['admin'] },
  { key: '/security', icon: <SafetyCertificateOutlined />, label: '安全审计', roles: ['auditor'] },
];

export function AppLayout() {
  const { me, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // the other pages of the menu, and the ticket page, open without a download
  useEffect(prefetchStaffPages, []);
  // the count of requests waiting for this user's decision, live (GET /api/inbox/counts)
  const counts = useInboxCounts(mayDecide(me));
  const waiting = counts.total;
  const items = ITEMS.filter((i) => i.roles.some((r) => me!.roles.includes(r)) && (!('provincial' in i) || me!.provincial)).map(({ key, icon, label }) => ({
    key,
    icon,
    label:
      key === '/inbox' && waiting > 0 ? (
        <span>
          {label} <Badge count={waiting} overflowCount={99} size="small" style={{ marginLeft: 4 }} aria-label={`${waiting} 件待审批`} />
        </span>
      ) : key === '/bulletins' && counts.notices > 0 ? (
        <span>
          {label} <Badge count={counts.notices} size="small" style={{ marginLeft: 4 }} aria-label={`${counts.notices} 份新通报`} />
        </span>
      ) : (
        label
      ),
  }));
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key ?? '/tickets';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={180} breakpoint="lg" collapsedWidth={56} theme="dark">
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <AuditOutlined /> 12345 热线
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 20px', display: 'flex', justifyContent: 'space-between', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <strong>政务服务便民热线平台</strong>
          <Space>
            <Dropdown
              menu={{
                items: [
                  { key: '/account/password', icon: <KeyOutlined />, label: '修改密码' },
                  ...(me!.totpAvailable ? [{ key: '/account/totp', icon: <SafetyOutlined />, label: me!.totpEnabled ? '两步验证（已启用）' : '两步验证' }] : []),
                ],
                onClick: (e) => navigate(e.key),
              }}
            >
              <Button type="text">
                {me!.displayName}（{me!.unit.name}） <DownOutlined />
              </Button>
            </Dropdown>
            <Button icon={<LogoutOutlined />} onClick={() => logout().then(() => navigate('/login'))}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          {/* each page is its own chunk: the menu stays while the next one loads */}
          <Suspense
            fallback={
              <div data-page-loading style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
                <Spin size="large" />
              </div>
            }
          >
            <Outlet />
            <TakenOver />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
