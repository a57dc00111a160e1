import type { Command } from 'commander';
import { createFirstAdmin } from '../../server/accounts/users.ts';
import { oneTimePassword } from '../../server/auth/one-time.ts';
import { oneTimeNotice, readPasswordStdin, withDatabase } from '../ops.ts';

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('系统管理员账号');
  admin
    .command('create')
    .description('创建第一个系统管理员（单位树为空时同时创建热线中心），给出一次性密码，首次登录须修改')
    .requiredOption('--username <username>', '用户名（3–32 位小写字母、数字或 _ . -）')
    .option('--name <name>', '姓名', '系统管理员')
    .option('--unit <name>', '热线中心的名称（单位树为空时用它创建中心）', '热线中心')
    .option('--password-stdin', '从标准输入读取初始密码，不生成一次性密码')
    .action(async (o: { username: string; name: string; unit: string; passwordStdin?: boolean }) => {
      const given = o.passwordStdin ? readPasswordStdin() : null;
      const password = given ?? oneTimePassword(o.username);
      const r = await withDatabase((db) => createFirstAdmin(db, { username: o.username, displayName: o.name, centerName: o.unit, password }));
      process.stdout.write(
        `${r.createdCenter ? `已创建热线中心「${r.unitName}」\n` : ''}已创建系统管理员 ${o.username}（${r.unitName}）\n${oneTimeNotice(o.username, given ? null : password)}`,
      );
    });
}
