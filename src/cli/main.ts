import { Command, CommanderError, Option } from 'commander';
import { ZodError } from 'zod';
import { DateInputError } from '../core/calendar/civil-date.ts';
import { CalendarRangeError } from '../core/calendar/calendar.ts';
import { PolicyError } from '../core/policy/errors.ts';
import { formatIssues } from '../core/policy/custom.ts';
import { registerAnalyticsCommand } from './commands/analytics.ts';
import { registerApiKeyCommand } from './commands/apikey.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerCalendarCommand } from './commands/calendar.ts';
import { registerClassifyCommand } from './commands/classify.ts';
import { registerDeadlineCommand } from './commands/deadline.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerKbCommand } from './commands/kb.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerLocateCommand } from './commands/locate.ts';
import { registerPolicyCommand } from './commands/policy.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStaffingCommand } from './commands/staffing.ts';
import { registerTelephonyCommand } from './commands/telephony.ts';
import { registerAdminCommand } from './commands/admin.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerUnitsCommand } from './commands/units.ts';
import { registerUsersCommand } from './commands/users.ts';
import { CliError, ExitStatus } from './files.ts';

/**
 * `open12345 <command>`: the stable command-line interface used by people, later issues and
 * outside tools. Answers go to stdout (JSON where a program reads them); errors go to stderr in
 * Chinese with a non-zero exit code.
 */
export function buildProgram(): Command {
  const program = new Command('open12345')
    .description('open12345 — 12345 政务服务便民热线平台')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('（使用 --help 查看用法）')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride();
  registerDeadlineCommand(program);
  registerCalendarCommand(program);
  registerPolicyCommand(program);
  registerLocateCommand(program);
  registerServeCommand(program);
  registerKbCommand(program);
  registerClassifyCommand(program);
  registerAdminCommand(program);
  registerUnitsCommand(program);
  registerUsersCommand(program);
  registerBackupCommands(program);
  registerAuditCommand(program);
  registerKeysCommand(program);
  registerApiKeyCommand(program);
  registerAnalyticsCommand(program);
  registerImportCommand(program);
  registerStaffingCommand(program);
  registerTelephonyCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitStatus) return error.code;
    const known =
      error instanceof PolicyError ||
      error instanceof CliError ||
      error instanceof DateInputError ||
      error instanceof CalendarRangeError;
    if (known) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof ZodError) {
      process.stderr.write(`错误：输入不合规：\n${formatIssues(error)}\n`);
      return 2;
    }
    throw error;
  }
}

export { Option };
