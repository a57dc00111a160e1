import { App, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UNIT_KIND_LABELS, useUnits } from '../../components/UnitPicker.tsx';
import type { UnitNode } from '../../types.ts';
import { LiaisonsCard } from '../liaisons/LiaisonsCard.tsx';
import { PresetSetting, usePresetMap } from './PresetSetting.tsx';
import { ReplyReviewSetting } from './ReplyReviewSetting.tsx';
import { MoveUnitModal, UnitFormModal } from './UnitForm.tsx';

interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

type Dialog = { kind: 'edit'; unit: UnitNode } | { kind: 'add'; parent: UnitNode } | { kind: 'move'; unit: UnitNode } | null;

function flatten(nodes: UnitNode[], out: UnitNode[] = []): UnitNode[] {
  for (const n of nodes) {
    out.push(n);
    flatten(n.children, out);
  }
  return out;
}

/** 系统管理 · 单位: the tree on the left, the chosen unit and what can be done with it on the right. */
export function UnitsAdmin() {
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const units = useUnits(version);
  const presets = usePresetMap(version);
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const all = useMemo(() => flatten(units), [units]);
  const noLiaison = all.filter((u) => u.active && u.kind !== 'center' && u.liaison === null).length;
  const unit = all.find((u) => u.id === selected) ?? null;
  const parent = unit?.parentId ? all.find((u) => u.id === unit.parentId) : undefined;
  const reload = () => setVersion((v) => v + 1);

  // a search keeps the matching units and the path down to them
  const treeData = useMemo(() => {
    const q = filter.trim();
    const build = (ns: UnitNode[]): TreeItem[] =>
      ns.flatMap((n) => {
        const children = build(n.children);
        if (q && !n.name.includes(q) && !children.length) return [];
        return [
          {
            key: n.id,
            title: (
              <span style={{ color: n.active ? undefined : '#999' }}>
                {n.name} <Tag style={{ marginInlineEnd: 0 }}>{UNIT_KIND_LABELS[n.kind] ?? n.kind}</Tag>
                {!n.active && <Tag color="default" style={{ marginInlineStart: 4 }}>已停用</Tag>}
                {/* 大足 第四条（二）: every unit names a fixed liaison */}
                {n.active && n.kind !== 'center' && n.liaison === null && <Tag color="orange" style={{ marginInlineStart: 4 }}>未设联络员</Tag>}
                {/* where a subtree's own regulation begins (大足区 under 重庆) */}
                {n.presetApplies?.source === 'own' && <Tag color="purple" style={{ marginInlineStart: 4 }}>时限：{n.presetApplies.name.split('（')[0]}</Tag>}
              </span>
            ),
            children,
          },
        ];
      });
    return build(units);
  }, [units, filter]);

  const setActive = async (u: UnitNode, active: boolean) => {
    try {
      await api.post(`/api/admin/units/${u.id}/${active ? 'activate' : 'deactivate'}`);
      message.success(active ? `已启用「${u.name}」` : `已停用「${u.name}」：不再接收新派单`);
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const saved = (text: string) => () => {
    message.success(text);
    setDialog(null);
    reload();
  };

  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card size="small" title="单位树" extra={<Typography.Text type="secondary">共 {all.length} 个单位{noLiaison > 0 && `，${noLiaison} 个未设联络员`}</Typography.Text>}>
          <Input.Search allowClear placeholder="按名称查找单位" aria-label="查找单位" onChange={(e) => setFilter(e.target.value)} style={{ marginBottom: 8 }} />
          {units.length ? (
            <Tree
              key={filter ? `f:${filter}` : 'all'}
              treeData={treeData}
              defaultExpandAll
              height={430}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected((keys[0] as string) ?? null)}
            />
          ) : null}
        </Card>
      </Col>
      <Col span={14}>
        {unit ? (
          <Card
            size="small"
            title={
              <Space>
                {unit.name}
                {unit.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}
              </Space>
            }
            extra={
              <Space wrap>
                <Button onClick={() => setDialog({ kind: 'edit', unit })}>编辑</Button>
                <Button onClick={() => setDialog({ kind: 'add', parent: unit })} disabled={!unit.active}>
                  新建下级单位
                </Button>
                {unit.parentId && <Button onClick={() => setDialog({ kind: 'move', unit })}>调整上级单位</Button>}
                {unit.parentId &&
                  (unit.active ? (
                    <Popconfirm title={`停用「${unit.name}」？`} description="停用后不再接收新派单；已派给它的工单仍由其办理。" okText="停用" onConfirm={() => setActive(unit, false)}>
                      <Button danger>停用</Button>
                    </Popconfirm>
                  ) : (
                    <Button onClick={() => void setActive(unit, true)}>启用</Button>
                  ))}
              </Space>
            }
          >
            <Descriptions size="small" column={2} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label="类型">{UNIT_KIND_LABELS[unit.kind] ?? unit.kind}</Descriptions.Item>
              <Descriptions.Item label="行政区划代码">{unit.regionCode ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="上级单位" span={2}>{parent?.name ?? '（单位树的根）'}</Descriptions.Item>
              <Descriptions.Item label="职责" span={2}>
                {unit.responsibilities.length ? unit.responsibilities.map((d) => <Tag key={d}>{d}</Tag>) : <Typography.Text type="secondary">未填写（智能派单按职责匹配诉求）</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label="时限预设" span={2}>
                {unit.kind === 'center' ? (
                  <Typography.Text>
                    {unit.presetApplies?.title}（{unit.presetApplies?.id}）<Tag style={{ marginInlineStart: 8 }}>部署的默认预设</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>由部署配置 POLICY 设定，未单独设置的单位均按此执行</Typography.Text>
                  </Typography.Text>
                ) : (
                  <PresetSetting unit={unit} choices={presets?.choices ?? []} onSaved={reload} />
                )}
              </Descriptions.Item>
              {unit.kind !== 'center' && (
                <Descriptions.Item label="答复审核" span={2}>
                  <ReplyReviewSetting unit={unit} onSaved={reload} />
                </Descriptions.Item>
              )}
              <Descriptions.Item label="下级单位" span={2}>
                {unit.children.length ? unit.children.map((c) => c.name).join('、') : '无'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              值班联系人
            </Typography.Title>
            <Table
              size="small"
              rowKey={(c) => `${c.name}-${c.phone}`}
              pagination={false}
              dataSource={unit.contacts}
              locale={{ emptyText: '未登记联系人' }}
              columns={[
                { title: '姓名或岗位', dataIndex: 'name' },
                { title: '电话', dataIndex: 'phone' },
                { title: '说明', dataIndex: 'title', render: (t?: string) => t ?? '' },
              ]}
            />
            <div style={{ marginTop: 16 }}>
              <LiaisonsCard key={unit.id} unitId={unit.id} onChanged={reload} />
            </div>
          </Card>
        ) : (
          <Card size="small">
            <Empty description="在左侧选择一个单位，查看并修改它的信息" />
          </Card>
        )}
      </Col>
      {dialog?.kind === 'edit' && <UnitFormModal unit={dialog.unit} onClose={() => setDialog(null)} onSaved={saved('单位信息已保存')} />}
      {dialog?.kind === 'add' && <UnitFormModal parent={dialog.parent} onClose={() => setDialog(null)} onSaved={saved('已新建单位')} />}
      {dialog?.kind === 'move' && <MoveUnitModal unit={dialog.unit} onClose={() => setDialog(null)} onSaved={saved('已调整上级单位')} />}
    </Row>
  );
}
