import { Empty, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, query } from '../../api.ts';

interface Entry {
  id: string;
  title: string;
  snippet?: string;
  answer?: string;
}

/** Published public knowledge entries, searchable by the public (once the knowledge base is enabled). */
export function PublicKnowledge() {
  const [items, setItems] = useState<Entry[] | null>(null);
  const [off, setOff] = useState(false);
  const search = (q: string) => {
    if (!q.trim()) return;
    api
      .get<{ items: Entry[] } | Entry[]>(`/api/public/kb${query({ q })}`)
      .then((r) => setItems(Array.isArray(r) ? r : r.items))
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setOff(true) : setItems([])));
  };
  if (off) return <Typography.Text type="secondary">政策问答暂未开放</Typography.Text>;
  return (
    <>
      <Input.Search placeholder="输入您想了解的问题，例如：公积金提取" enterButton="搜索" onSearch={search} style={{ maxWidth: 560, marginBottom: 16 }} />
      {items && (items.length === 0 ? <Empty description="没有找到相关答复，您可以提交诉求" /> : (
        <List dataSource={items} renderItem={(e) => <List.Item><List.Item.Meta title={e.title} description={<span dangerouslySetInnerHTML={{ __html: e.snippet ?? e.answer ?? '' }} />} /></List.Item>} />
      ))}
    </>
  );
}
