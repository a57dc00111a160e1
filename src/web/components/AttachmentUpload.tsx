import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../api.ts';

export interface UploadedAttachment {
  id: string;
  filename: string;
}

/** What the server takes (src/server/attachments/routes.ts checks the bytes too): photos and PDFs, ≤ 20 MB each. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PDF = 'application/pdf';
export const MAX_UPLOAD_MB = 20;

async function send(action: string, file: File): Promise<UploadedAttachment> {
  // the body is the file itself, its type the Content-Type, its name URL-encoded (POST /api/attachments)
  let res: Response;
  try {
    res = await fetch(action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', 'x-filename': encodeURIComponent(file.name) },
      body: file,
    });
  } catch {
    throw new ApiError(0, '网络连接失败，请重试');
  }
  const data = (await res.json().catch(() => null)) as { id?: string; filename?: string; message?: string } | null;
  if (!res.ok || !data?.id) throw new ApiError(res.status, data?.message ?? `上传失败（${res.status}）`);
  return { id: data.id, filename: data.filename ?? file.name };
}

export interface AttachmentUploadProps {
  /** The files uploaded so far; the form sends their ids (`attachments`, or a return's `photos`). */
  value?: UploadedAttachment[];
  onChange?: (files: UploadedAttachment[]) => void;
  max?: number;
  /** Photos only (a return's on-site photos), or photos and PDFs. */
  kind?: 'photos' | 'photos-and-pdf';
  /** Where the bytes go (the portal may have its own endpoint); answers { id, filename }. */
  action?: string;
  disabled?: boolean;
}

/**
 * Files a form sends with its record, reusable on the registration form, the reply and return forms,
 * the portal and the ticket page (补充附件). Each file is checked here for type and size with a clear
 * Chinese message, uploaded as soon as it is picked, and listed; removing one only drops it from the form.
 */
export function AttachmentUpload({ value = [], onChange, max = 10, kind = 'photos-and-pdf', action = '/api/attachments', disabled }: AttachmentUploadProps) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  // several files picked at once finish one by one: each adds to what is there by then
  const latest = useRef(value);
  latest.current = value;
  const types = kind === 'photos' ? PHOTO_TYPES : [...PHOTO_TYPES, PDF];
  const typeText = kind === 'photos' ? 'JPG、PNG、WebP 图片' : 'JPG、PNG、WebP 图片或 PDF 文件';
  const files: UploadFile[] = value.map((a) => ({ uid: a.id, name: a.filename, status: 'done' }));
  const refuse = (text: string) => (void message.error(text), Upload.LIST_IGNORE);
  return (
    <Upload
      accept={types.join(',')}
      multiple
      disabled={disabled}
      fileList={files}
      showUploadList={{ showRemoveIcon: !disabled }}
      onRemove={(f) => onChange?.(value.filter((a) => a.id !== f.uid))}
      beforeUpload={(file) => {
        if (!types.includes(file.type)) return refuse(`“${file.name}”不能上传：只支持${typeText}`);
        if (file.size === 0) return refuse(`“${file.name}”是空文件`);
        if (file.size > MAX_UPLOAD_MB * 1024 * 1024) return refuse(`“${file.name}”超过 ${MAX_UPLOAD_MB} MB，请压缩后再上传`);
        if (latest.current.length + busy >= max) return refuse(`附件最多 ${max} 个`);
        setBusy((n) => n + 1);
        send(action, file)
          .then((a) => {
            latest.current = [...latest.current, a];
            onChange?.(latest.current);
          })
          .catch((e: unknown) => void message.error(`“${file.name}”上传失败：${e instanceof ApiError ? e.message : '请重试'}`))
          .finally(() => setBusy((n) => n - 1));
        // uploaded here, not by antd's own request
        return false;
      }}
    >
      <Button icon={<PaperClipOutlined />} loading={busy > 0} disabled={disabled}>
        添加{kind === 'photos' ? '照片' : '照片或 PDF'}（每个不超过 {MAX_UPLOAD_MB} MB）
      </Button>
    </Upload>
  );
}
