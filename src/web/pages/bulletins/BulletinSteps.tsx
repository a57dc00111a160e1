import { Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { fmt } from './types.ts';

interface Step {
  id: string;
  month: string;
  title: string;
  status: string;
  waitingFor: 'submit' | 'review' | 'publish';
  since: string;
  returnReason: string | null;
}
const WAITING: Record<Step['waitingFor'], { label: string; color: string }> = {
  submit: { label: '待提交', color: 'default' },
  review: { label: '待审核', color: 'processing' },
  publish: { label: '待发布', color: 'cyan' },
};

/** The 通报 waiting for this user (GET /api/inbox/bulletins): their drafts and returned ones, or those to review and publish. */
export function BulletinSteps() {
  const [steps, setSteps] = useState<Step[]>([]);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();
  useEffect(() => {
    api
      .get<{ steps: Step[] }>('/api/inbox/bulletins')
      .then((r) => setSteps(r.steps))
      .catch(showError)
      .finally(() => setLoading(false));
  }, []);
  return (
    <Table<Step>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={steps}
      pagination={false}
      locale={{ emptyText: '没有等待您处理的通报' }}
      onRow={(s) => ({ onClick: () => navigate(`/bulletins/${s.id}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: '等待', dataIndex: 'waitingFor', width: 90, render: (w: Step['waitingFor']) => <Tag color={WAITING[w].color}>{WAITING[w].label}</Tag> },
        { title: '月份', dataIndex: 'month', width: 90 },
        {
          title: '通报',
          dataIndex: 'title',
          render: (t: string, s) => (
            <>
              <Typography.Link>{t}</Typography.Link>
              {s.returnReason && (
                <div>
                  <Typography.Text type="warning">退回理由：{s.returnReason}</Typography.Text>
                </div>
              )}
            </>
          ),
        },
        { title: '自', dataIndex: 'since', width: 150, render: fmt },
      ]}
    />
  );
}
