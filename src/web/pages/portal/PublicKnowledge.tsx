import { Empty, Input, List, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { api, ApiError, query } from '../../api.ts';

// loaded only when an answer is opened: the portal's first load stays small
const Markdown = lazy(() => import('../../components/Markdown.tsx'));

interface Entry {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
  ownerUnit: { name: string };
}

/** Published public knowledge entries, searchable by the public (once the knowledge base is enabled). */
export function PublicKnowledge() {
  const [items, setItems] = useState<Entry[] | null>(null);
  const [off, setOff] = useState(false);
  const [openAnswer, setOpenAnswer] = useState<{ id: string; answer: string } | null>(null);
  const search = (q: string) => {
    if (!q.trim()) return;
    api
      .get<{ items: Entry[] }>(`/api/public/kb${query({ q })}`)
      .then((r) => setItems(r.items))
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setOff(true) : setItems([])));
  };
  if (off) return <Typography.Text type="secondary">政策问答暂未开放</Typography.Text>;
  return (
    <>
      <Input.Search placeholder="您想了解的问题，如：公积金提取" enterButton="搜索" onSearch={search} style={{ maxWidth: 560, marginBottom: 16 }} />
      {items && (items.length === 0 ? <Empty description="没有找到相关答复，您可以提交诉求" /> : (
        <List
          dataSource={items}
          renderItem={(e) => (
            <List.Item extra={<Typography.Text type="secondary">{e.ownerUnit.name}</Typography.Text>}>
              <List.Item.Meta
                title={<a onClick={() => api.get<{ answer: string }>(`/api/public/kb/${e.id}`).then((full) => setOpenAnswer({ id: e.id, answer: full.answer }))}><span dangerouslySetInnerHTML={{ __html: e.titleHtml }} /></a>}
                description={openAnswer?.id === e.id ? <Suspense fallback={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{openAnswer.answer}</Typography.Paragraph>}><Markdown>{openAnswer.answer}</Markdown></Suspense> : <span dangerouslySetInnerHTML={{ __html: e.snippetHtml }} />}
              />
            </List.Item>
          )}
        />
      ))}
    </>
  );
}
