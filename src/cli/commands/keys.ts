import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import type { Algorithm } from '../../server/privacy/cipher.ts';
import { resealAll, sealedCounts } from '../../server/privacy/backfill.ts';
import { addKey, KeyConfigError, newKeyFile, readKeyFile, ringFromEnv, ringFromFile, writeKeyFile } from '../../server/privacy/keys.ts';
import { Vault } from '../../server/privacy/vault.ts';
import { CliError } from '../files.ts';
import { openDatabase } from './serve.ts';

function config(): ServerConfig {
  try {
    return configFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function algorithmOption(text: string | undefined): Algorithm | undefined {
  if (text === undefined) return undefined;
  if (text === 'aes-256-gcm' || text === 'sm4') return text;
  throw new CliError(`--algorithm 应为 aes-256-gcm 或 sm4：${text}`);
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof KeyConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * `open12345 keys init | status | rotate`: the keys that seal callers' names and phones
 * (src/server/privacy). Keys are never printed.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('个人信息加密密钥：生成、查看状态、轮换');

  keys
    .command('init')
    .description('生成密钥文件（KEY_FILE，默认 DATA_DIR/keys.json；权限 0600）')
    .option('--algorithm <algorithm>', 'aes-256-gcm（默认）或 sm4（商用密码）')
    .action((opts: { algorithm?: string }) => {
      const c = config();
      const algorithm = algorithmOption(opts.algorithm) ?? c.keys.algorithm;
      if (existsSync(c.keys.keyFile)) throw new CliError(`密钥文件 ${c.keys.keyFile} 已存在；轮换请用 open12345 keys rotate`);
      writeKeyFile(c.keys.keyFile, newKeyFile(algorithm));
      process.stdout.write(`已生成密钥文件 ${c.keys.keyFile}（${algorithm}，权限 0600）。请备份到数据库之外的安全位置：丢失后已加密的来电人信息无法恢复。\n`);
    });

  keys
    .command('status')
    .description('当前密钥、各密钥加密的数据条数、仍为明文的条数')
    .action(async () => {
      const c = config();
      const ring = guard(() => ringFromEnv(process.env) ?? (existsSync(c.keys.keyFile) ? ringFromFile(readKeyFile(c.keys.keyFile), c.keys.keyFile) : null));
      process.stdout.write(`加密：${c.encryption ? '开启' : '关闭（ENCRYPTION=off）'}\n`);
      if (!ring) process.stdout.write(`密钥：未配置（${c.keys.keyFile} 不存在，也未设置 DATA_KEYS）\n`);
      else {
        process.stdout.write(`密钥来源：${ring.source}\n当前密钥：${ring.active.id}（${ring.active.algorithm}）\n`);
        process.stdout.write(`全部密钥：${[...ring.keys.values()].map((k) => `${k.id}（${k.algorithm}）`).join('、')}\n盲索引：HMAC-${ring.index.hash.toUpperCase()}\n`);
      }
      const { db, release } = await openDatabase(c);
      try {
        const counts = await sealedCounts(db);
        const entries = Object.entries(counts);
        process.stdout.write(`数据库中的个人信息：${entries.length ? entries.map(([k, n]) => `${k} ${n} 项`).join('，') : '无'}\n`);
      } finally {
        await release();
      }
    });

  keys
    .command('rotate')
    .description('启用新密钥并用它重新加密全部个人信息（分批、每批一个事务；旧密钥保留，可继续解密）')
    .option('--algorithm <algorithm>', '新密钥的算法：aes-256-gcm 或 sm4（默认与当前密钥相同）')
    .action(async (opts: { algorithm?: string }) => {
      const c = config();
      const algorithm = algorithmOption(opts.algorithm);
      const env = guard(() => ringFromEnv(process.env));
      if (env && algorithm) throw new CliError('密钥来自环境变量 DATA_KEYS 时，请在 DATA_KEYS 首位放入新密钥（算法由 DATA_CIPHER 指定）后再运行本命令');
      if (!env && !existsSync(c.keys.keyFile)) throw new CliError(`密钥文件 ${c.keys.keyFile} 不存在；请先运行 open12345 keys init`);
      const { db, release } = await openDatabase(c);
      try {
        let vault: Vault;
        if (env) {
          // keys from the environment: the operator puts the new key first in DATA_KEYS; this re-seals
          vault = new Vault(env, true);
          process.stdout.write(`当前密钥 ${env.active.id}（来自 DATA_KEYS），开始重新加密…\n`);
        } else {
          const file = guard(() => readKeyFile(c.keys.keyFile));
          const current = guard(() => ringFromFile(file, c.keys.keyFile));
          const older = Object.keys(await sealedCounts(db)).filter((k) => k !== current.active.id && current.keys.has(k));
          if (older.length && !algorithm) {
            // an earlier rotation did not finish (or servers kept sealing with the old key): finish it
            vault = new Vault(current, true);
            process.stdout.write(`仍有数据使用旧密钥 ${older.join('、')}：继续用当前密钥 ${current.active.id} 重新加密…\n`);
          } else {
            const next = addKey(file, algorithm);
            writeKeyFile(c.keys.keyFile, next.file);
            vault = new Vault(guard(() => ringFromFile(next.file, c.keys.keyFile)), true);
            process.stdout.write(`已在 ${c.keys.keyFile} 中加入新密钥 ${next.id}（${vault.ring!.active.algorithm}）并设为当前密钥，开始重新加密…\n`);
          }
        }
        const n = await resealAll(db, vault);
        const left = Object.entries(await sealedCounts(db)).filter(([k]) => k !== vault.ring!.active.id);
        process.stdout.write(`已重新加密 ${n} 项个人信息。\n`);
        if (left.length) process.stdout.write(`仍有 ${left.map(([k, m]) => `${k} ${m} 项`).join('，')}：运行中的服务写入了旧密钥的数据，请重启各服务后再运行一次本命令。\n`);
        else process.stdout.write('全部数据已使用当前密钥；旧密钥仍保留在密钥文件中，确认备份也已轮换后可删除。盲索引密钥不随之轮换。\n');
      } catch (error) {
        if ((error as { code?: string }).code === 'key_error') throw new CliError((error as Error).message);
        throw error;
      } finally {
        await release();
      }
    });
}
