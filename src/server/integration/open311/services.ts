import { createHash } from 'node:crypto';
import { CATEGORIES, type Category } from '../../../core/categories.ts';

/**
 * Open311 services are the category tree's leaves (src/core/categories.ts), grouped by their first
 * level. A service code is the first 8 hex digits of the SHA-256 of the category's value: it stays the
 * same when the tree is reordered or grows, so an app that saved a code keeps working.
 */
export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export const serviceCodeOf = (categoryValue: string) => createHash('sha256').update(categoryValue).digest('hex').slice(0, 8);

function leaves(tree: readonly Category[], group: string | null = null): Array<{ category: Category; group: string }> {
  return tree.flatMap((c) => (c.children?.length ? leaves(c.children, group ?? c.label) : [{ category: c, group: group ?? c.label }]));
}

const SERVICES = leaves(CATEGORIES).map(({ category, group }) => ({
  category: category.value,
  service: {
    service_code: serviceCodeOf(category.value),
    service_name: category.label,
    description: `${group} · ${category.label}`,
    metadata: false,
    type: 'realtime' as const,
    keywords: [group, category.label].join(','),
    group,
  },
}));

export const services = (): Service[] => SERVICES.map((s) => s.service);

export function serviceByCode(code: string): { category: string; service: Service } | null {
  return SERVICES.find((s) => s.service.service_code === code) ?? null;
}

/** The service a ticket's category belongs to: its own leaf, or none (a first-level or unknown category). */
export function serviceOfCategory(category: string | null): Service | null {
  return (category && SERVICES.find((s) => s.category === category)?.service) || null;
}
