import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { usePreloaded } from '../preloaded.ts';
import type { UnitNode } from '../types.ts';
import { showError } from './feedback.ts';

export const UNIT_KIND_LABELS: Record<string, string> = { center: '中心', district: '区县', department: '部门', street: '街镇', community: '社区', enterprise: '企业' };
const KIND = UNIT_KIND_LABELS;

/** Deactivated units are shown, greyed out, and cannot be picked unless `allow` says so. */
function toTree(nodes: UnitNode[], allow: (n: UnitNode) => boolean): Array<Record<string, unknown>> {
  return nodes.map((n) => ({
    value: n.id,
    title: `${n.name}（${KIND[n.kind] ?? n.kind}）${n.active === false ? '（已停用）' : ''}`,
    disabled: !allow(n),
    children: toTree(n.children, allow),
  }));
}

/** The unit tree; `version` reloads it (after an admin changed it). */
export function useUnits(version = 0): UnitNode[] {
  // a page rendered on the server comes with the tree (preloaded.ts)
  const preloaded = usePreloaded<UnitNode[]>('/api/units');
  const [units, setUnits] = useState<UnitNode[]>(() => preloaded ?? []);
  useEffect(() => {
    api.get<UnitNode[]>('/api/units').then(setUnits).catch(showError);
  }, [version]);
  return units;
}

/**
 * Picks units from the unit tree, searchable by name. By default the handling units that take
 * dispatches (not the center, not a deactivated unit); `allow` picks otherwise (e.g. a user's unit).
 */
export function UnitPicker(props: { value?: string[]; onChange?: (v: string[]) => void; multiple?: boolean; root?: string; placeholder?: string; id?: string; allow?: (n: UnitNode) => boolean }) {
  const units = useUnits();
  const find = (nodes: UnitNode[]): UnitNode | undefined => nodes.map((n) => (n.id === props.root ? n : find(n.children))).find(Boolean);
  const roots = props.root ? (find(units)?.children ?? []) : units;
  return (
    <TreeSelect
      id={props.id}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      multiple={props.multiple ?? true}
      allowClear
      placeholder={props.placeholder ?? '选择承办单位（可输入名称搜索）'}
      style={{ width: '100%' }}
      value={props.multiple === false ? props.value?.[0] : props.value}
      onChange={(v) => props.onChange?.(Array.isArray(v) ? v : v ? [v] : [])}
      treeData={toTree(roots, props.allow ?? ((n) => n.kind !== 'center' && n.active !== false))}
    />
  );
}

/** District → street cascader options built from the unit tree (for the caller's address). */
export function addressOptions(units: UnitNode[]) {
  const districts: UnitNode[] = [];
  const walk = (ns: UnitNode[]) => ns.forEach((n) => (n.kind === 'district' ? districts.push(n) : walk(n.children)));
  walk(units);
  return districts.map((d) => ({
    value: d.name,
    label: d.name,
    children: d.children.filter((c) => c.kind === 'street').map((s) => ({ value: s.name.replace(/办事处$/, ''), label: s.name.replace(/办事处$/, '') })),
  }));
}
