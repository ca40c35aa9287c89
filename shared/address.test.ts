import { describe, expect, it } from 'vitest'
import { maskAddress } from './address'

describe('地址只显示到楼栋', () => {
  it('cuts after the last building marker, so the room is never shown', () => {
    expect(maskAddress('北京市朝阳区幸福里小区3号楼2单元501室')).toBe('北京市朝阳区幸福里小区3号楼2单元')
    expect(maskAddress('幸福里小区3号楼501室')).toBe('幸福里小区3号楼')
    expect(maskAddress('和平路12弄5栋302')).toBe('和平路12弄5栋')
    expect(maskAddress('长江新村7幢1单元201室')).toBe('长江新村7幢1单元')
    expect(maskAddress('光明苑8幢602')).toBe('光明苑8幢')
    expect(maskAddress('  幸福里3号楼  ')).toBe('幸福里3号楼')
  })

  it('without a building marker keeps the first 10 characters and an ellipsis', () => {
    expect(maskAddress('上海市徐汇区漕溪北路88号1203室')).toBe('上海市徐汇区漕溪北路…')
    expect(maskAddress('人民路100号')).toBe('人民路100号')
    expect(maskAddress('')).toBe('')
  })
})
