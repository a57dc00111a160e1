import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { useSession } from '../../session.tsx';
import { SubmissionDrawer } from './SubmissionDrawer.tsx';
import { SubmitModal } from './SubmitModal.tsx';
import { fmt, KIND_OPTIONS, STATUS_COLORS, type Submission } from './types.ts';

/** Who submits for a unit (server: submissions/store.ts maySubmit). */
const SUBMITTER_ROLES = ['unit_admin', 'handler'];

/** The list of submissions (GET /api/submissions): a unit's own, or every unit's at the center; a row opens it. */
export function SubmissionTable({ status, version = 0, initialOpen = null }: { status?: Submission['status']; version?: number; initialOpen?: string | null }) {
  const [data, setData] = useState<{ items: Submission[]; total: number }>({ items: [], total: 0 });
  const [kind, setKind] = useState<Submission['kind'] | undefined>();
  const [shown, setShown] = useState<Submission['status'] | undefined>(status);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(initialOpen);
  const [loading, setLoading] = useState(false);
  const [changed, setChanged] = useState(0);
  const load = useCallback(() => {
    setLoading(true);
    void api
      .get<{ items: Submission[]; total: number }>(`/api/submissions${query({ status: shown, kind, page, pageSize: 10 })}`)
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [shown, kind, page]);
  useEffect(load, [load, version, changed]);
  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Select allowClear placeholder="全部类型" style={{ width: 130 }} value={kind} onChange={(v) => (setKind(v), setPage(1))} options={KIND_OPTIONS.map((o) => ({ ...o }))} aria-label="类型" />
        {!status && (
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 120 }}
            value={shown}
            onChange={(v) => (setShown(v), setPage(1))}
            options={[
              { value: 'submitted', label: '待阅' },
              { value: 'read', label: '已阅' },
              { value: 'adopted', label: '已采用' },
            ]}
            aria-label="状态"
          />
        )}
      </Space>
      <Table<Submission>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data.items}
        locale={{ emptyText: '暂无报送材料' }}
        pagination={{ current: page, pageSize: 10, total: data.total, onChange: setPage, showTotal: (t) => `共 ${t} 份` }}
        onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '类型', dataIndex: 'kindLabel', width: 90, render: (l: string) => <Tag>{l}</Tag> },
          {
            title: '标题',
            key: 'title',
            ellipsis: true,
            render: (_: unknown, s) => (
              <>
                <a onClick={(e) => (e.preventDefault(), setOpen(s.id))} href={`#${s.id}`}>{s.title}</a>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>{s.excerpt}</Typography.Text>
              </>
            ),
          },
          { title: '报送单位', dataIndex: 'unitName', width: 170, ellipsis: true },
          { title: '报送时间', dataIndex: 'submittedAt', width: 130, render: fmt },
          { title: '状态', dataIndex: 'statusLabel', width: 130, render: (l: string, s) => <>{<Tag color={STATUS_COLORS[s.status]}>{l}</Tag>}{s.citedIn.length > 0 && <Tag color="purple">已引用</Tag>}</> },
        ]}
      />
      {open && <SubmissionDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setChanged((n) => n + 1)} />}
    </>
  );
}

/**
 * 报送材料 (邵阳 第六条（六） 及时报送工作动态、典型案例、情况分析等资料): a unit submits and follows its own;
 * the center's supervisors and analysts read, adopt and cite them in a 通报.
 */
export function SubmissionsPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  // a 通报's citation links here with ?open=<id>
  const [params] = useSearchParams();
  const [writing, setWriting] = useState(false);
  const [version, setVersion] = useState(0);
  const maySubmit = !me!.isCenter && me!.roles.some((r) => SUBMITTER_ROLES.includes(r));
  return (
    <Card
      size="small"
      title={me!.isCenter ? '报送材料（各单位报送的工作动态、典型案例、情况分析）' : `报送材料 · ${me!.unit.name}`}
      extra={
        maySubmit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setWriting(true)}>
            报送
          </Button>
        )
      }
    >
      <SubmissionTable version={version} initialOpen={params.get('open')} />
      {writing && (
        <SubmitModal
          onClose={() => setWriting(false)}
          onSaved={() => {
            void message.success('已报送热线中心');
            setWriting(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </Card>
  );
}
