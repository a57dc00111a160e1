/** What each recorded action is called on the security officer's page. */
const LABELS: Record<string, string> = {
  'audit.start': '审计开始',
  'audit.read': '查阅审计日志',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计链',
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'auth.password.create': '修改密码',
  'read.ticket': '查看工单（含来电人信息）',
  'read.repeats': '查看重复件（含来电人信息）',
  'read.caller-history': '查询来电人历史工单',
  'read.attachment': '下载附件',
  'reveal-phone': '查看完整电话',
  'call-caller': '回拨来电人',
  'tickets.export': '导出工单查询结果',
  'analytics.export': '导出考核排名或报告',
  'bulletin.create': '生成通报草稿',
  'bulletin.update': '修改通报',
  'bulletin.regenerate': '重新生成通报',
  'bulletin.submit': '提交通报审核',
  'bulletin.return': '退回通报',
  'bulletin.approve': '审核通过通报',
  'bulletin.publish': '发布通报',
  'tickets.search-phone': '按来电号码查询工单',
  'admin.user.create': '新建用户',
  'admin.user.update': '修改用户',
  'admin.unit.create': '新建单位',
  'admin.unit.update': '修改单位',
  'admin.unit.move': '调整单位隶属',
  'admin.unit.deactivate': '停用单位',
  'admin.unit.activate': '启用单位',
  'admin.unit.hours': '设置单位作息（24小时或本单位办公时段）',
  'roster.create': '登记值班安排',
  'roster.update': '修改值班安排',
  'roster.delete': '删除值班安排',
  'admin.user.disable': '停用用户',
  'admin.user.enable': '启用用户',
  'admin.user.reset-password': '重置用户密码',
  'admin.user.unlock': '解除账号锁定',
  'admin.user.reset-totp': '重置两步验证',
  'admin.calendar.create': '上传节假日日历',
  'admin.routing-rule.create': '新建派单规则',
  'admin.routing-rule.update': '修改派单规则',
  'admin.routing-rule.delete': '删除派单规则',
  'admin.kb-dictionary.create': '修改检索词典',
  'admin.kb-dictionary.update': '修改检索词典',
  'admin.kb-dictionary.delete': '修改检索词典',
};

export function actionLabel(action: string): string {
  if (LABELS[action]) return LABELS[action];
  if (action.startsWith('ticket.')) return `工单操作：${action.slice('ticket.'.length)}`;
  if (action.startsWith('admin.')) return `系统管理：${action.slice('admin.'.length)}`;
  return action;
}

export const AUDIT_ACTIONS = Object.keys(LABELS);
