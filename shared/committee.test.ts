import { describe, expect, it } from 'vitest'
import { committeeName } from './committee'

describe('committeeName', () => {
  it.each([
    [{ name: '幸福里社区', kind: '城市社区' }, '幸福里社区居民委员会'],
    [{ name: '桃源村', kind: '村' }, '桃源村村民委员会'],
    // The form's placeholder example, and the short forms, are not doubled.
    [{ name: '幸福里社区居民委员会', kind: '城市社区' }, '幸福里社区居民委员会'],
    [{ name: '桃源村村民委员会', kind: '村' }, '桃源村村民委员会'],
    [{ name: '幸福里社区居委会', kind: '城市社区' }, '幸福里社区居委会'],
    [{ name: '桃源村村委会', kind: '村' }, '桃源村村委会'],
    [{ name: ' 幸福里社区居民委员会 ', kind: '城市社区' }, '幸福里社区居民委员会'],
    [{ name: '', kind: '城市社区' }, '社区居民委员会'],
    [{ name: '', kind: '村' }, '村民委员会'],
    [null, '社区居民委员会'],
  ])('%j → %s', (profile, expected) => {
    expect(committeeName(profile)).toBe(expected)
  })
})
