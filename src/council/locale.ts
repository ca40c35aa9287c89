import zhCn from 'element-plus/es/locale/lang/zh-cn'

/**
 * Element Plus's Chinese, with the date grids' spoken hint saying 回车键 instead of "Enter 键"
 * (a screen reader reads it aloud). Used by a nested el-config-provider, which keeps the shell's
 * other settings (size for 适老模式).
 */
export const deskZhCn = {
  ...zhCn,
  el: {
    ...zhCn.el,
    datepicker: {
      ...zhCn.el.datepicker,
      dateTablePrompt: '用方向键移动，按回车键选定日期',
      monthTablePrompt: '用方向键移动，按回车键选定月份',
      quarterTablePrompt: '用方向键移动，按回车键选定季度',
      yearTablePrompt: '用方向键移动，按回车键选定年份',
    },
  },
}
