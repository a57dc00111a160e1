import { CloseOutlined, CameraOutlined, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api.ts';

const MAX_PHOTOS = 6;
const MAX_BYTES = 20 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

interface Photo {
  key: string;
  name: string;
  preview: string;
  id?: string;
  error?: string;
}

async function send(file: File): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/public/attachments', { method: 'POST', headers: { 'content-type': file.type, 'x-filename': encodeURIComponent(file.name) }, body: file });
  } catch {
    throw new ApiError(0, '网络连接失败，请重试');
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.message ?? `上传失败（${res.status}）`);
  return data.id as string;
}

/**
 * 现场照片 for the portal (a phone's camera or album): each photo is sent as soon as it is picked
 * and shown as a thumbnail; `onChange` gets the ids of those the server took. Large touch targets.
 */
export function PhotoPicker(props: { onChange: (ids: string[]) => void; onBusy?: (busy: boolean) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { onChange, onBusy } = props;
  useEffect(() => {
    onChange(photos.filter((p) => p.id).map((p) => p.id!));
    onBusy?.(photos.some((p) => !p.id && !p.error));
  }, [photos, onChange, onBusy]);
  // the previews are blob: URLs of this page; freed when it goes
  const latest = useRef(photos);
  latest.current = photos;
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);

  const add = (files: FileList | null) => {
    setNotice(null);
    const room = MAX_PHOTOS - photos.length;
    const picked = Array.from(files ?? []);
    if (picked.length > room) setNotice(`最多上传 ${MAX_PHOTOS} 张照片`);
    for (const file of picked.slice(0, Math.max(0, room))) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const photo: Photo = { key, name: file.name, preview: URL.createObjectURL(file) };
      if (!TYPES.includes(file.type)) photo.error = '只能上传 JPEG、PNG 或 WebP 照片';
      else if (file.size > MAX_BYTES) photo.error = '照片不能超过 20 MB';
      setPhotos((ps) => [...ps, photo]);
      if (photo.error) continue;
      send(file)
        .then((id) => setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, id } : p))))
        .catch((e: unknown) => setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, error: e instanceof ApiError ? e.message : '上传失败' } : p))));
    }
    if (input.current) input.current.value = '';
  };
  const remove = (key: string) =>
    setPhotos((ps) => {
      const gone = ps.find((p) => p.key === key);
      if (gone) URL.revokeObjectURL(gone.preview);
      return ps.filter((p) => p.key !== key);
    });

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {photos.map((p) => (
          <div key={p.key} style={{ position: 'relative', width: 88, height: 88, borderRadius: 6, overflow: 'hidden', border: `1px solid ${p.error ? '#ff4d4f' : '#d9d9d9'}`, background: '#fafafa' }}>
            <img src={p.preview} alt={p.name} style={{ width: '100%', height: '100%', objectFit: 'cover', opacity: p.id ? 1 : 0.5 }} />
            {!p.id && !p.error && <LoadingOutlined aria-label="正在上传" style={{ position: 'absolute', left: 34, top: 34, fontSize: 20 }} />}
            <button
              type="button"
              aria-label={`删除照片 ${p.name}`}
              onClick={() => remove(p.key)}
              style={{ position: 'absolute', right: 0, top: 0, width: 44, height: 44, border: 0, background: 'transparent', cursor: 'pointer', display: 'flex', alignItems: 'flex-start', justifyContent: 'flex-end', padding: 4 }}
            >
              <span style={{ background: 'rgba(0,0,0,0.55)', color: '#fff', borderRadius: '50%', width: 22, height: 22, display: 'inline-flex', alignItems: 'center', justifyContent: 'center' }}>
                <CloseOutlined style={{ fontSize: 12 }} />
              </span>
            </button>
          </div>
        ))}
        {photos.length < MAX_PHOTOS && (
          <Button icon={<CameraOutlined />} onClick={() => input.current?.click()} style={{ width: 88, height: 88, flexDirection: 'column' }}>
            添加照片
          </Button>
        )}
      </div>
      <input ref={input} type="file" accept={TYPES.join(',')} multiple style={{ display: 'none' }} aria-label="选择照片" onChange={(e) => add(e.target.files)} />
      {photos.filter((p) => p.error).map((p) => (
        <Alert key={p.key} type="error" showIcon title={`${p.name}：${p.error}`} style={{ marginTop: 8 }} />
      ))}
      {notice && <Alert type="warning" showIcon title={notice} style={{ marginTop: 8 }} />}
    </div>
  );
}
