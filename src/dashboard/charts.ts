import { use, type ComposeOption } from 'echarts/core'
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

/**
 * ECharts, trimmed to what the dashboard draws (bars, pies, their axes, tooltips and legends, on a
 * canvas): imported only by this lazy route, so none of it reaches the first screen.
 */
use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>

/** One colour per channel, the same in every chart; told apart by hue and lightness. */
export const CHANNEL_COLORS: Record<string, string> = {
  走访: '#2f6db5',
  电话: '#e0812b',
  意见箱: '#8c6bb1',
  微信群: '#1f9d55',
  网格员: '#c9473d',
  座谈会: '#b58900',
  其他: '#7d838c',
}
export const SATISFACTION_COLORS: Record<string, string> = {
  满意: '#2e8b45',
  基本满意: '#4a86c5',
  不满意: '#d0573a',
}

const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

/** Text sizes in px (the canvas does not follow the root font): larger in 适老模式. */
function base(elder: boolean) {
  const size = elder ? 18 : 14
  return {
    size,
    // Drawn at once: calmer to read, and a half-drawn ring never ends up in a printout or screenshot.
    animation: false,
    textStyle: { fontFamily: FONT, fontSize: size, color: '#1d2129' },
    tooltip: { textStyle: { fontFamily: FONT, fontSize: size } },
    legend: { textStyle: { fontFamily: FONT, fontSize: size }, itemWidth: size * 1.4, itemHeight: size * 0.9 },
  }
}

export interface MonthRow {
  label: string
  counts: Record<string, number>
}

/** Topics per month, stacked by channel (only the channels that brought any). */
export function monthOption(rows: MonthRow[], channels: string[], elder: boolean): ChartOption {
  const b = base(elder)
  return {
    animation: b.animation,
    textStyle: b.textStyle,
    tooltip: { ...b.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { ...b.legend, top: 0 },
    grid: { left: 8, right: 16, top: b.size * 3, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { fontSize: b.size } },
    yAxis: {
      type: 'value',
      minInterval: 1,
      name: '件',
      axisLabel: { fontSize: b.size },
      nameTextStyle: { fontSize: b.size },
    },
    series: channels.map((c) => ({
      name: c,
      type: 'bar',
      stack: 'topics',
      data: rows.map((r) => r.counts[c] ?? 0),
      itemStyle: { color: CHANNEL_COLORS[c] },
      emphasis: { focus: 'series' },
    })),
  }
}

/** Topics per channel as horizontal bars with the count written at the end. */
export function channelOption(rows: { channel: string; count: number }[], elder: boolean): ChartOption {
  const b = base(elder)
  const top = [...rows].reverse() // ECharts draws the first category at the bottom
  return {
    animation: b.animation,
    textStyle: b.textStyle,
    tooltip: { ...b.tooltip, trigger: 'item', formatter: '{b}：{c} 件' },
    grid: { left: 8, right: b.size * 3, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: b.size } },
    yAxis: { type: 'category', data: top.map((r) => r.channel), axisLabel: { fontSize: b.size } },
    series: [
      {
        type: 'bar',
        data: top.map((r) => ({ value: r.count, itemStyle: { color: CHANNEL_COLORS[r.channel] } })),
        label: { show: true, position: 'right', formatter: '{c} 件', fontSize: b.size },
        barMaxWidth: b.size * 1.6,
      },
    ],
  }
}

/** 满意 / 基本满意 / 不满意 as a ring with counts and shares written beside it. */
export function satisfactionOption(rows: { level: string; count: number }[], elder: boolean): ChartOption {
  const b = base(elder)
  return {
    animation: b.animation,
    textStyle: b.textStyle,
    tooltip: { ...b.tooltip, trigger: 'item', formatter: '{b}：{c} 次（{d}%）' },
    legend: { ...b.legend, bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '45%'],
        data: rows.map((r) => ({ name: r.level, value: r.count, itemStyle: { color: SATISFACTION_COLORS[r.level] } })),
        label: { formatter: '{b}\n{c} 次', fontSize: b.size, lineHeight: b.size * 1.3 },
      },
    ],
  }
}
