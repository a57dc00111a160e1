import { BookOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../api.ts';

interface AssistEntry {
  id: string;
  title: string;
  answer?: string;
  snippet?: string;
}

/**
 * While the agent types, the best knowledge entries and similar past tickets for the request.
 * Works once the knowledge base is enabled (GET /api/kb/assist); until then it says so.
 */
export function KnowledgePanel({ text, onUse }: { text: string; onUse: (answer: string, entryId: string) => void }) {
  const [entries, setEntries] = useState<AssistEntry[]>([]);
  const [similar, setSimilar] = useState<Array<{ id: string; number: string; title?: string; reply?: string }>>([]);
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
        .get<{ entries: AssistEntry[]; tickets?: Array<{ id: string; number: string; title?: string; reply?: string }> }>(`/api/kb/assist${query({ text })}`)
        .then((r) => {
          setEntries(r.entries ?? []);
          setSimilar(r.tickets ?? []);
          setState('idle');
        })
        .catch((e) => setState(e instanceof ApiError && e.status === 404 ? 'off' : 'idle'));
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <Card size="small" title={<><BookOutlined /> 知识库</>} loading={state === 'loading' && entries.length === 0}>
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
              <List.Item actions={[<Button key="use" size="small" onClick={() => onUse(e.answer ?? e.snippet ?? '', e.id)}>采用</Button>]}>
                <List.Item.Meta title={e.title} description={<span dangerouslySetInnerHTML={{ __html: e.snippet ?? '' }} />} />
              </List.Item>
            )}
          />
          {similar.length > 0 && (
            <List size="small" header="相似历史工单" dataSource={similar} renderItem={(t) => <List.Item>{t.number} {t.title ?? ''}<br />{t.reply ?? ''}</List.Item>} />
          )}
        </>
      )}
    </Card>
  );
}
