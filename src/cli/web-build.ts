import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
export const WEB_DIST = join(ROOT, 'dist/web');
const SSR_DIST = join(ROOT, 'dist/web-ssr');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the web front end with Vite when dist/web is missing or older than its sources. */
export async function ensureWebBuilt(log: (s: string) => void): Promise<string> {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(newest(join(ROOT, 'src/web')), newest(join(ROOT, 'src/core')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  const ssr = join(SSR_DIST, 'entry-server.js');
  if (existsSync(index) && existsSync(ssr) && statSync(index).mtimeMs >= sources && statSync(ssr).mtimeMs >= sources) return WEB_DIST;
  log('正在构建前端页面（首次启动或页面有更新时需要约一分钟）…\n');
  await buildWeb(WEB_DIST);
  return WEB_DIST;
}

/**
 * The browser's build into outDir, and the server's bundle of the same pages beside it
 * (outDir-ssr, src/server/web/ssr.ts). `singleChunk`: every page in one script (bench:web's
 * baseline, as before issue 11), with no server bundle.
 */
export async function buildWeb(outDir: string, opts: { singleChunk?: boolean; log?: 'warn' | 'error' } = {}): Promise<void> {
  const { build } = await import('vite');
  const configFile = join(ROOT, 'vite.config.ts');
  const logLevel = opts.log ?? 'warn';
  // A production build whatever NODE_ENV the caller runs under (vitest sets 'test'): Vite and the
  // React plugin both read it.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile,
      logLevel,
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: true,
        ...(opts.singleChunk ? { rolldownOptions: { output: { codeSplitting: false } }, chunkSizeWarningLimit: 2000 } : {}),
      },
    });
    if (!opts.singleChunk) {
      await build({
        configFile,
        logLevel,
        mode: 'production',
        build: { ssr: join(ROOT, 'src/web/entry-server.tsx'), outDir: `${outDir}-ssr`, emptyOutDir: true, copyPublicDir: false },
        // React's and antd's production code, as in the browser, whatever NODE_ENV the server runs
        // under: antd's development build names its classes otherwise, and the browser could not
        // take the markup over
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      });
      // ES modules, wherever the build is put (bench:web builds into the temporary directory)
      writeFileSync(join(`${outDir}-ssr`, 'package.json'), '{ "type": "module" }\n');
    }
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
