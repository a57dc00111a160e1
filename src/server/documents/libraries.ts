/**
 * exceljs and pdfkit, loaded when the first workbook or PDF is made rather than when the server
 * starts: most processes — every test file, each CLI command, a server between exports — never
 * make one, and importing the two was the largest part of importing the server (issue 16; figures
 * in the commit that made them lazy).
 */
export const exceljs = once(() => import('exceljs').then((m) => m.default));
export const pdfkit = once(() => import('pdfkit').then((m) => m.default));

/** Loads once; a failed load is not kept, so the next workbook tries again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
