import { Button, Empty, List, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { markdownToText } from '../../../core/text/markdown.ts';
import { api, ApiError, query } from '../../api.ts';

interface AssistEntry {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
}
interface SimilarTicket {
  id: string;
  number: string;
  title: string | null;
  excerptHtml: string;
  answer: string | null;
  replies: Array<{ unit: string; result: string | null }>;
}

/**
 * While the agent types, the best knowledge entries and similar past tickets for the request.
 * Works once the knowledge base is enabled (GET /api/kb/assist); until then it says so.
 */
export function KnowledgePanel({ text, onUse, onCount }: { text: string; onUse: (answer: string, entryId: string) => void; onCount?: (n: number) => void }) {
  const [entries, setEntries] = useState<AssistEntry[]>([]);
  const [similar, setSimilar] = useState<SimilarTicket[]>([]);
  const [state, setState] = useState<'idle' | 'loading' | 'off'>('idle');
  useEffect(() => {
    if (text.trim().length < 4) {
      setEntries([]);
      setSimilar([]);
      return;
    }
    const timer = setTimeout(() => {
      setState('loading');
      api
        .get<{ entries: AssistEntry[]; tickets?: SimilarTicket[] }>(`/api/kb/assist${query({ text })}`)
        .then((r) => {
          setEntries(r.entries ?? []);
          setSimilar(r.tickets ?? []);
          setState('idle');
        })
        .catch((e) => setState(e instanceof ApiError && e.status === 404 ? 'off' : 'idle'));
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  const count = entries.length + similar.length;
  useEffect(() => onCount?.(count), [count, onCount]);
  if (state === 'loading' && count === 0) return <Skeleton active paragraph={{ rows: 3 }} />;
  return (
    <>
      {state === 'off' ? (
        <Typography.Text type="secondary">知识库尚未启用</Typography.Text>
      ) : entries.length === 0 && similar.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="输入诉求内容后自动推荐答复口径" />
      ) : (
        <>
          <List
            size="small"
            dataSource={entries}
            renderItem={(e) => (
              <List.Item
                actions={[
                  <Button
                    key="use"
                    size="small"
                    // the entry is Markdown; the caller hears or reads the answer as plain text
                    onClick={() => api.get<{ answer: string }>(`/api/kb/entries/${e.id}`).then((full) => onUse(markdownToText(full.answer, { lists: true }), e.id)).catch(() => onUse('', e.id))}
                  >
                    采用
                  </Button>,
                ]}
              >
                {/* the server escapes the text and adds only <mark> around matched words */}
                <List.Item.Meta title={<span dangerouslySetInnerHTML={{ __html: e.titleHtml }} />} description={<span dangerouslySetInnerHTML={{ __html: e.snippetHtml }} />} />
              </List.Item>
            )}
          />
          {similar.length > 0 && (
            <List
              size="small"
              header="相似历史工单"
              dataSource={similar}
              renderItem={(t) => (
                <List.Item>
                  <List.Item.Meta
                    title={<a href={`/tickets/${t.id}`} target="_blank" rel="noreferrer">{t.number} {t.title ?? ''}</a>}
                    description={<>{t.answer ?? t.replies.map((r) => `${r.unit}：${r.result ?? ''}`).join('；')}</>}
                  />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </>
  );
}
