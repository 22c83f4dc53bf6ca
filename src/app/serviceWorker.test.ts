import { describe, expect, it } from 'vitest'
import * as page from './serviceWorker.ts'
import * as worker from '../sw/policy.ts'

describe('page and service worker speak the same names', () => {
  it('for the catalog check message and the stamp header', () => {
    expect(page.CATALOG_CHECK).toBe(worker.CATALOG_CHECK)
    expect(page.CATALOG_STORED_HEADER).toBe(worker.CATALOG_STORED_HEADER)
  })
})
