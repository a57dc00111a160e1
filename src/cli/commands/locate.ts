import type { Command } from 'commander';
import { CliError } from '../files.ts';

/** Longest text accepted: a caller's whole request fits; anything longer is not an address. */
const MAX_TEXT_LENGTH = 2000;

export function registerLocateCommand(program: Command): void {
  program
    .command('locate')
    .description('从来电人描述的地址中识别省、市、区县、乡镇（街道）及其代码（输出一行 JSON）')
    .argument('[text...]', '地址文字，例如 "大足区龙岗街道二环南路"')
    .action(async (words: string[]) => {
      const text = words.join(' ').trim();
      // Only punctuation and spaces is as empty as nothing: there is no name to look for.
      if (!/[\p{L}\p{N}]/u.test(text)) throw new CliError('请给出要识别的地址文字，例如：open12345 locate "大足区龙岗街道二环南路"');
      if (text.length > MAX_TEXT_LENGTH) throw new CliError(`地址文字过长（${text.length} 字），最多 ${MAX_TEXT_LENGTH} 字`);
      // Loaded here, not at the top: the division data is 3 MB, and other commands never need it.
      const { locate } = await import('../../core/territory/index.ts');
      process.stdout.write(`${JSON.stringify(locate(text))}\n`);
    });
}
