export * from './schema.ts';
export * from './errors.ts';
export * from './presets.ts';
export * from './custom.ts';
export * from './deadline.ts';
export * from './clock-plan.ts';
export * from './fast-lane.ts';
export * from './subtree.ts';
