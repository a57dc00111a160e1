import { App, Typography } from 'antd';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

/**
 * 坐席分机 of one user, edited in place: the extension whose ringing pops up on this user's desk
 * (issue 14). Empty clears it; an extension held by someone else is refused by the server.
 */
export function ExtensionCell({ userId, extension, onSaved }: { userId: string; extension: string | null; onSaved: () => void }) {
  const { message } = App.useApp();
  const save = (text: string) => {
    const next = text.trim() || null;
    if (next === extension) return;
    api
      .put(`/api/admin/users/${userId}/extension`, { extension: next })
      .then(() => {
        void message.success(next ? `分机已设为 ${next}` : '已取消分机');
        onSaved();
      })
      .catch(showError);
  };
  return (
    <Typography.Text editable={{ onChange: save, tooltip: '设置坐席分机（来电弹屏到此用户）', text: extension ?? '' }} data-testid="extension-cell">
      {extension ?? ''}
    </Typography.Text>
  );
}
