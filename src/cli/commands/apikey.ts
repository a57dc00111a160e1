import type { Command } from 'commander';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { ApiKeyError, createKey, listKeys, parseScopes, revokeKey, rotateKey } from '../../server/integration/api-keys/store.ts';
import { CliError } from '../files.ts';
import { withDatabase } from '../ops.ts';

/** The store's refusals said as command-line errors (exit 2). */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiKeyError) throw new CliError(error.message);
    throw error;
  }
}

const notice = (key: string) => `API 密钥：${key}\n（只显示这一次，服务器只保存其摘要。请通过安全渠道交给对方系统；遗失请轮换或吊销后新建）\n`;

/**
 * `open12345 apikey create | list | rotate | revoke`: system accounts' API keys (issue 15; the
 * `keys` command is the other thing — the encryption keys of callers' data).
 */
export function registerApiKeyCommand(program: Command): void {
  const cmd = program.command('apikey').description('系统账号的 API 密钥：新建（只显示一次）、列出、轮换、吊销');
  cmd
    .command('create')
    .description('新建系统账号和 API 密钥')
    .requiredOption('--name <name>', '名称（如 “区城管委业务系统”）')
    .requiredOption('--scopes <scopes>', '权限范围，逗号分隔：tickets:read, tickets:write, open311, exchange, analytics:read')
    .option('--unit <unit>', '限于该单位及其下级：单位编号、名称或完整路径（默认热线中心）')
    .action(async (o: { name: string; scopes: string; unit?: string }) => {
      const scopes = await guarded(async () => parseScopes(o.scopes));
      const made = await withDatabase((db) => guarded(() => createKey(db, { name: o.name, scopes, ...(o.unit ? { unit: o.unit } : {}) }, null, Date.now())));
      process.stdout.write(`已新建 ${made.view.name}（编号 ${made.view.id}，${made.view.unit.name}，权限：${scopes.join(', ')}）\n${notice(made.key)}`);
    });
  cmd
    .command('list')
    .description('列出 API 密钥（只显示前缀）')
    .action(async () => {
      const keys = await withDatabase((db) => listKeys(db));
      if (!keys.length) process.stdout.write('还没有 API 密钥\n');
      for (const k of keys) {
        const state = k.revokedAt ? `已吊销 ${formatInstant(k.revokedAt.getTime())}` : '有效';
        const used = k.lastUsedAt ? `最近使用 ${formatInstant(k.lastUsedAt.getTime())}${k.lastUsedFrom ? `（${k.lastUsedFrom}）` : ''}` : '未使用';
        process.stdout.write(`${k.id}  ${k.label}  ${k.name}  ${k.unit.name}  ${k.scopes.join(',')}  ${state}  ${used}\n`);
      }
    });
  cmd
    .command('rotate')
    .description('轮换：新密钥（只显示一次），旧密钥立即失效')
    .argument('<id>', '密钥编号')
    .action(async (id: string) => {
      const made = await withDatabase((db) => guarded(() => rotateKey(db, id, null, Date.now())));
      process.stdout.write(`已轮换 ${made.view.name}（新编号 ${made.view.id}），旧密钥已失效\n${notice(made.key)}`);
    });
  cmd
    .command('revoke')
    .description('吊销：立即失效')
    .argument('<id>', '密钥编号')
    .action(async (id: string) => {
      const k = await withDatabase((db) => guarded(() => revokeKey(db, id, null, Date.now())));
      process.stdout.write(`已吊销 ${k.name} 的密钥 ${k.label}\n`);
    });
}
