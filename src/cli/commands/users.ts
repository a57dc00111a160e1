import type { Command } from 'commander';
import { createAccount, parseRoles, resetPassword, setActive } from '../../server/accounts/users.ts';
import { oneTimePassword } from '../../server/auth/one-time.ts';
import { CliError } from '../files.ts';
import { oneTimeNotice, readPasswordStdin, withDatabase } from '../ops.ts';

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('用户账号：新建、重置密码、停用与启用');
  users
    .command('create')
    .description('新建用户，给出一次性密码，首次登录须修改')
    .requiredOption('--username <username>', '用户名（3–32 位小写字母、数字或 _ . -）')
    .requiredOption('--name <name>', '姓名')
    .requiredOption('--unit <unit>', '所在单位：名称，或重名时的完整路径（热线中心/区/单位）')
    .requiredOption('--roles <roles>', '角色，逗号分隔：agent, dispatcher, visitor, supervisor, handler, unit_admin, kb_editor, kb_reviewer, leader, analyst, admin')
    .option('--password-stdin', '从标准输入读取初始密码，不生成一次性密码')
    .action(async (o: { username: string; name: string; unit: string; roles: string; passwordStdin?: boolean }) => {
      let roles;
      try {
        roles = parseRoles(o.roles);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const given = o.passwordStdin ? readPasswordStdin() : null;
      const password = given ?? oneTimePassword(o.username);
      const r = await withDatabase((db) => createAccount(db, { username: o.username, displayName: o.name, unit: o.unit, roles, password }));
      process.stdout.write(`已创建用户 ${o.username}（${o.name}，${r.unitName}，角色：${roles.join('、')}）\n${oneTimeNotice(o.username, given ? null : password)}`);
    });
  users
    .command('reset-password')
    .description('重置密码：给出一次性密码，结束该账号的所有登录会话，下次登录须修改密码')
    .argument('<username>', '用户名')
    .option('--password-stdin', '从标准输入读取新密码，不生成一次性密码')
    .action(async (username: string, o: { passwordStdin?: boolean }) => {
      const given = o.passwordStdin ? readPasswordStdin() : null;
      const password = given ?? oneTimePassword(username);
      await withDatabase((db) => resetPassword(db, username, password));
      process.stdout.write(`已重置 ${username} 的密码，并结束其所有登录会话\n${oneTimeNotice(username, given ? null : password)}`);
    });
  users
    .command('disable')
    .description('停用账号（不能再登录，已有会话结束）')
    .argument('<username>', '用户名')
    .action(async (username: string) => {
      const changed = await withDatabase((db) => setActive(db, username, false));
      process.stdout.write(changed ? `已停用 ${username}，其登录会话已结束\n` : `${username} 本来就是停用的\n`);
    });
  users
    .command('enable')
    .description('重新启用账号')
    .argument('<username>', '用户名')
    .action(async (username: string) => {
      const changed = await withDatabase((db) => setActive(db, username, true));
      process.stdout.write(changed ? `已启用 ${username}\n` : `${username} 本来就是启用的\n`);
    });
}
