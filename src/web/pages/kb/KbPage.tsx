import { Button, Card, Input, List, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { useSession } from '../../session.tsx';
import { EntryDrawer } from './EntryDrawer.tsx';
import { GapsTab } from './GapsTab.tsx';
import { StaleTab } from './StaleTab.tsx';
import { STATE_COLORS, type KbEntry, type KbHit } from './types.ts';

function EntryList({ state, version, onOpen }: { state: string; version: number; onOpen: (id: string) => void }) {
  const [data, setData] = useState<{ items: KbEntry[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  useEffect(() => {
    api.get<{ items: KbEntry[]; total: number }>(`/api/kb/entries${query({ state, page, pageSize: 10 })}`).then(setData).catch(showError);
  }, [state, page, version]);
  return (
    <Table<KbEntry>
      size="small"
      rowKey="id"
      dataSource={data.items}
      pagination={{ current: page, total: data.total, pageSize: 10, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
      onRow={(e) => ({ onClick: () => onOpen(e.id), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: '标题',
          dataIndex: 'title',
          render: (t: string, e) => (
            <>
              <a onClick={(ev) => (ev.preventDefault(), onOpen(e.id))} href={`#${e.id}`}>{t}</a>
              {e.source && <Tag color="geekblue" style={{ marginInlineStart: 6 }} title={`由「${e.source.name}」通过接口实时推送`}>系统推送</Tag>}
            </>
          ),
        },
        { title: '维护单位', dataIndex: ['ownerUnit', 'name'], width: 200 },
        { title: '状态', dataIndex: 'stateLabel', width: 90, render: (l: string, e) => <Tag color={STATE_COLORS[e.state]}>{l}</Tag> },
        { title: '失效日期', dataIndex: 'expiresOn', width: 110, render: (d: string | null) => d ?? '长期' },
        { title: '更新', dataIndex: 'updatedAt', width: 140, render: (d: string) => d.slice(0, 16).replace('T', ' ') },
      ]}
    />
  );
}

/** 知识库: search what callers ask, draft and review entries, see what is missing. */
export function KbPage() {
  const { me } = useSession();
  const [open, setOpen] = useState<string | 'new' | null>(null);
  const [draft, setDraft] = useState<{ title: string; questions: string[] } | undefined>();
  const [version, setVersion] = useState(0);
  const [hits, setHits] = useState<KbHit[] | null>(null);
  const staff = me!.roles.some((r) => ['kb_editor', 'kb_reviewer', 'unit_admin', 'admin'].includes(r));
  const search = useCallback((q: string) => {
    if (!q.trim()) return setHits(null);
    api.get<{ items: KbHit[] }>(`/api/kb/search${query({ q })}`).then((r) => setHits(r.items)).catch(showError);
  }, []);
  const tabs = [
    {
      key: 'search',
      label: '检索',
      children: (
        <>
          <Input.Search placeholder="来电人的说法、关键词或拼音首字母（如 gjj）" enterButton="检索" onSearch={search} style={{ maxWidth: 560, marginBottom: 12 }} allowClear />
          {hits && (
            <List
              dataSource={hits}
              locale={{ emptyText: '没有找到相关条目' }}
              renderItem={(h) => (
                <List.Item onClick={() => setOpen(h.id)} style={{ cursor: 'pointer' }} extra={<Typography.Text type="secondary">{h.ownerUnit.name}</Typography.Text>}>
                  <List.Item.Meta title={<span dangerouslySetInnerHTML={{ __html: h.titleHtml }} />} description={<span dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />} />
                </List.Item>
              )}
            />
          )}
        </>
      ),
    },
    ...(staff
      ? [
          { key: 'draft', label: '草稿', children: <EntryList state="draft" version={version} onOpen={setOpen} /> },
          { key: 'pending', label: '待审核', children: <EntryList state="pending" version={version} onOpen={setOpen} /> },
        ]
      : []),
    { key: 'published', label: '已发布', children: <EntryList state="published" version={version} onOpen={setOpen} /> },
    ...(staff
      ? [
          {
            key: 'gaps',
            label: '知识缺口',
            children: <GapsTab version={version} onOpen={setOpen} onWrite={(q) => (setDraft({ title: q, questions: [q] }), setOpen('new'))} />,
          },
          { key: 'stale', label: '待更新', children: <StaleTab version={version} onOpen={setOpen} onChanged={() => setVersion((v) => v + 1)} /> },
        ]
      : []),
  ];
  return (
    <Card title="知识库" size="small" extra={staff && <Button type="primary" onClick={() => (setDraft(undefined), setOpen('new'))}>新建条目</Button>}>
      <Tabs items={tabs} />
      <EntryDrawer id={open} draft={open === 'new' ? draft : undefined} onClose={() => setOpen(null)} onChanged={() => setVersion((v) => v + 1)} />
    </Card>
  );
}
