import { describe, expect, it } from 'vitest'
import { nearestStep, nextStep, stepBy } from './BottomSheet.tsx'

describe('bottom sheet steps', () => {
  it('the handle cycles peek → half → full → peek; arrows stop at the ends', () => {
    expect([nextStep('peek'), nextStep('half'), nextStep('full')]).toEqual(['half', 'full', 'peek'])
    expect([stepBy('peek', 1), stepBy('half', 1), stepBy('full', 1)]).toEqual(['half', 'full', 'full'])
    expect([stepBy('peek', -1), stepBy('half', -1), stepBy('full', -1)]).toEqual(['peek', 'peek', 'half'])
  })

  it('a drag snaps to the nearest height', () => {
    const h = { peek: 120, half: 310, full: 620 }
    expect(nearestStep(100, h)).toBe('peek')
    expect(nearestStep(214, h)).toBe('peek')
    expect(nearestStep(216, h)).toBe('half')
    expect(nearestStep(464, h)).toBe('half')
    expect(nearestStep(466, h)).toBe('full')
    expect(nearestStep(700, h)).toBe('full')
  })
})
