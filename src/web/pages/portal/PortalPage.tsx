import { Card, ConfigProvider, Layout, Tabs } from 'antd';
import { useState } from 'react';
import { PublicKnowledge } from './PublicKnowledge.tsx';
import { SubmitForm } from './SubmitForm.tsx';
import { TrackPanel } from './TrackPanel.tsx';

/**
 * 公众门户 (no login): submit, follow, rate; public knowledge. Most citizens come on a phone, often
 * inside WeChat (H5): text of 16 px so that inputs do not zoom the page, controls 44 px high to
 * touch, nothing wider than the screen.
 */
export function PortalPage() {
  const [tab, setTab] = useState('submit');
  const [keys, setKeys] = useState<{ number: string; code: string } | null>(null);
  return (
    <ConfigProvider theme={{ token: { fontSize: 16, controlHeight: 44 } }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ color: '#fff', fontSize: 17, fontWeight: 600, padding: '0 16px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          12345 政务服务便民热线 · 网上诉求
        </Layout.Header>
        <Layout.Content style={{ padding: 'clamp(8px, 3vw, 24px)' }}>
          <Card styles={{ body: { padding: 'clamp(12px, 4vw, 24px)', paddingTop: 4 } }} style={{ maxWidth: 760, margin: '0 auto' }}>
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                { key: 'submit', label: '提交诉求', children: <SubmitForm onDone={(number, code) => (setKeys({ number, code }), setTab('track'))} /> },
                { key: 'track', label: '查询进度', children: <TrackPanel key={keys?.number ?? 'none'} initial={keys} /> },
                { key: 'kb', label: '政策问答', children: <PublicKnowledge /> },
              ]}
            />
          </Card>
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}
