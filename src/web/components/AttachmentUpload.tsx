import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile, type UploadProps } from 'antd';
import { useState } from 'react';

/** What the server accepts as a photo or a document (src/server/attachments/routes.ts checks the bytes too). */
const TYPES: Record<string, string> = {
  'image/jpeg': '.jpg,.jpeg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};
const TYPE_TEXT = 'JPG、PNG、WebP 图片或 PDF 文件';
export const MAX_UPLOAD_MB = 20;

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

export interface AttachmentUploadProps {
  /** Ids of the uploaded files, for a Form.Item: pass them as `attachments` / `photos` to the API. */
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** Photos only (a return's on-site photos), or photos and PDFs. */
  kind?: 'photos' | 'photos-and-pdf';
  maxCount?: number;
  /** Where the bytes go: POST with the file as body (Content-Type, X-Filename), answering { id }. */
  action?: string;
  disabled?: boolean;
}

/**
 * Uploads photos and PDFs one by one, checked here for type and size with a clear Chinese message
 * before anything is sent; the server checks again by content. Reusable on the registration form,
 * the reply and return forms, the portal and the ticket page (补充附件).
 */
export function AttachmentUpload({ value, onChange, kind = 'photos-and-pdf', maxCount = 10, action = '/api/attachments', disabled }: AttachmentUploadProps) {
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const types = Object.keys(TYPES).filter((t) => kind === 'photos-and-pdf' || t.startsWith('image/'));
  const typeText = kind === 'photos' ? 'JPG、PNG、WebP 图片' : TYPE_TEXT;

  const check = (file: File): boolean | typeof Upload.LIST_IGNORE => {
    if (!types.includes(file.type)) {
      void message.error(`“${file.name}”不能上传：只支持${typeText}`);
      return Upload.LIST_IGNORE;
    }
    if (file.size > MAX_UPLOAD_MB * 1024 * 1024) {
      void message.error(`“${file.name}”超过 ${MAX_UPLOAD_MB} MB，请压缩后再上传`);
      return Upload.LIST_IGNORE;
    }
    if (file.size === 0) {
      void message.error(`“${file.name}”是空文件`);
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const send = async (opts: UploadRequestOption) => {
    const file = opts.file as File;
    try {
      const res = await fetch(action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': file.type, 'x-filename': encodeURIComponent(file.name) },
        body: file,
      });
      const data = (await res.json().catch(() => null)) as { id?: string; message?: string } | null;
      if (!res.ok || !data?.id) throw new Error(data?.message ?? `上传失败（${res.status}）`);
      opts.onSuccess?.(data);
    } catch (e) {
      const text = e instanceof Error && e.message !== 'Failed to fetch' ? e.message : '网络连接失败，请重试';
      void message.error(`“${file.name}”上传失败：${text}`);
      opts.onError?.(e instanceof Error ? e : new Error(text));
    }
  };

  const changed = (list: UploadFile[]) => {
    setFiles(list);
    const ids = list.filter((f) => f.status === 'done').map((f) => (f.response as { id: string }).id);
    if (ids.join() !== (value ?? []).join()) onChange?.(ids);
  };

  return (
    <Upload
      accept={types.map((t) => TYPES[t]).join(',')}
      listType="picture"
      multiple
      maxCount={maxCount}
      fileList={files}
      beforeUpload={check}
      customRequest={(o) => void send(o)}
      onChange={({ fileList }) => changed(fileList)}
      disabled={disabled}
    >
      <Button icon={<UploadOutlined />} disabled={disabled}>
        选择文件（{typeText}，每个不超过 {MAX_UPLOAD_MB} MB）
      </Button>
    </Upload>
  );
}
