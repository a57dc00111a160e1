export * from './relation.ts';
export * from './rules.ts';
