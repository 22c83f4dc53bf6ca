import { describe, expect, it } from 'vitest'
import { coordinateText, formatDegrees, formatDms, formatMetres } from './format.ts'

describe('coordinate text', () => {
  it('writes metres with centimetres and the language’s decimal mark, without grouping (pastes back)', () => {
    expect(formatMetres(438035.2546, 5713715.2446, 'de')).toEqual({ e: '438035,25', n: '5713715,24' })
    expect(formatMetres(438035.2546, 5713715.2446, 'en')).toEqual({ e: '438035.25', n: '5713715.24' })
    expect(formatDegrees(8.1059, 51.5711, 'de')).toEqual({ lat: '51,571100°', lon: '8,105900°' })
  })

  it('writes degrees-minutes-seconds with carries and hemispheres (O in German, W/S negative)', () => {
    expect(formatDms(8.1059, 51.5711, 'de')).toEqual({ lat: '51° 34′ 15,96″ N', lon: '8° 06′ 21,24″ O' })
    // 59.9999″ rounds up to the next minute and degree, not to "60,00″".
    expect(formatDms(-(7 + 59 / 60 + 59.9999 / 3600), -1.5, 'en')).toEqual({ lat: '1° 30′ 00.00″ S', lon: '8° 00′ 00.00″ W' })
  })

  it('copies one system per line, named by its EPSG code; Gauss-Krüger only when converted', () => {
    const c = { utm: [438035.2546, 5713715.2446] as [number, number], lonLat: [8.1059, 51.5711] as [number, number] }
    expect(coordinateText(c, 'de')).toBe('EPSG:25832 E 438035,25 N 5713715,24\nEPSG:4326 51,571100° 8,105900°')
    expect(coordinateText({ ...c, gk: [3438084.496, 5715560.548] }, 'en', { gk: true })).toBe('EPSG:25832 E 438035.25 N 5713715.24\nEPSG:31467 R 3438084.50 H 5715560.55')
  })
})
