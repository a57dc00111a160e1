import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a .br and a .gz beside every text asset of the build, at the highest levels (issue 11: the
 * site was one 1.48 MB script served uncompressed). The server sends them as they are
 * (@fastify/static preCompressed), so no request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: 'open12345-precompress',
    // the server's bundle (entry-server.tsx) is read from disk, never sent
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file.fileName)) continue;
        const data = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        if (data.length < 1024) continue;
        const path = join(options.dir!, file.fileName);
        writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The web front end: built into dist/web and served by the open12345 server. Each page is a chunk
// of its own (src/web/routes.tsx).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:12345' } },
  // the server's bundle of the pages (src/server/web/ssr.ts) carries its dependencies: antd's and
  // its helpers' ES modules are not all loadable by Node as published
  ssr: { noExternal: true },
});
