import zhCn from 'element-plus/es/locale/lang/zh-cn'
// Day.js's Chinese locale, which Element Plus's date pickers use for the language 'zh-cn': it
// starts the week on Monday (weekStart: 1), as the app's calendar does. Without it Day.js falls
// back to English and every picker started on Sunday. One import sets it for every picker.
import 'dayjs/locale/zh-cn'

/**
 * Element Plus's Chinese, with the date grids' spoken hint saying 回车键 instead of "Enter 键"
 * (a screen reader reads it aloud). The shell's el-config-provider uses it for every screen.
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
