// Domain verbs for the attribute table tool (issue #16), on top of PortalDriver: open the table, type filters, sort,
// read the rows on screen, select on the map (click, shift-drag, drawn shapes), export and read the file back.
import { promises as fs } from 'node:fs'
import type { Locator } from 'playwright-core'
import type { PortalDriver } from './driver.ts'

export interface ScreenRow {
  id: number
  checked: boolean
  cells: string[]
}

export class TableDriver {
  constructor(readonly d: PortalDriver) {}

  get page() {
    return this.d.page
  }

  /** Opens the table from the toolbar and waits until the layer is read completely. */
  async open(): Promise<void> {
    await this.d.toggleTool('table')
    await this.loaded()
  }

  async loaded(): Promise<void> {
    await this.page.getByTestId('attribute-table').waitFor({ timeout: 15_000 })
    await this.page.waitForFunction(() => /Zeilen|rows/.test(document.querySelector('[data-testid="table-count"]')?.textContent ?? ''), null, { timeout: 30_000 })
  }

  /** "N von M Zeilen · K ausgewählt" as numbers. */
  async count(): Promise<{ shown: number; total: number; selected: number }> {
    const text = (await this.page.getByTestId('table-count').innerText()).replace(/\./g, '')
    const m = /(\d+) (?:von|of) (\d+) (?:Zeilen|rows) · (\d+)/.exec(text)
    if (!m) throw new Error(`unexpected count "${text}"`)
    return { shown: +m[1], total: +m[2], selected: +m[3] }
  }

  /** Adds a condition by keyboard and mouse as a planner would: column, comparison (visible labels), typed value. */
  async addCondition(columnTitle: string, operatorLabel: string, value?: string): Promise<void> {
    const n = await this.page.locator('[data-testid^="table-condition-"]').count()
    await this.page.getByTestId('table-add-condition').click()
    const row = this.page.getByTestId(`table-condition-${n}`)
    await row.getByLabel(`Spalte der Bedingung ${n + 1}`).selectOption({ label: columnTitle })
    await row.getByLabel(`Vergleich der Bedingung ${n + 1}`).selectOption({ label: operatorLabel })
    if (value !== undefined) {
      const input = row.getByLabel(`Wert der Bedingung ${n + 1}`)
      await input.click()
      await input.pressSequentially(value)
    }
  }

  /** Clicks a column header's sort button (by the column's attribute name). */
  async sortBy(column: string): Promise<void> {
    await this.page.locator(`th button.sort[data-column="${column}"]`).click()
  }

  /** The rows in the DOM right now (the virtualiser's window), in display order. */
  async screenRows(): Promise<ScreenRow[]> {
    return this.page.$$eval('[data-testid="attribute-table"] tbody tr[data-id]', (trs) =>
      trs.map((tr) => ({
        id: Number((tr as HTMLElement).dataset.id),
        checked: (tr.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
        cells: [...tr.querySelectorAll('td')].slice(2).map((td) => td.textContent ?? ''),
      })),
    )
  }

  /** Every row of the table, in order, by scrolling the virtualised table from top to bottom. */
  async allRows(): Promise<ScreenRow[]> {
    const scroller = this.page.getByTestId('table-scroll')
    await scroller.evaluate((e) => (e.scrollTop = 0))
    const seen = new Map<number, ScreenRow>()
    const order: number[] = []
    for (let guard = 0; guard < 10_000; guard++) {
      await this.page.waitForTimeout(30)
      for (const r of await this.screenRows()) if (!seen.has(r.id)) {
        seen.set(r.id, r)
        order.push(r.id)
      }
      const done = await scroller.evaluate((e) => {
        const end = e.scrollTop + e.clientHeight >= e.scrollHeight - 1
        e.scrollTop += Math.max(1, e.clientHeight - 40)
        return end
      })
      if (done) break
    }
    return order.map((id) => seen.get(id)!)
  }

  /** Clicks the number button of a row (select it and show it on the map). */
  async showRow(id: number): Promise<void> {
    await this.page.locator(`[data-testid="attribute-table"] tr[data-id="${id}"] button.link`).click()
  }

  async setMode(mode: 'click' | 'polygon' | 'rectangle' | 'line' | 'point'): Promise<void> {
    await this.page.getByTestId(`table-mode-${mode}`).click()
  }

  async setBuffer(metres: number): Promise<void> {
    await this.page.getByTestId('table-buffer').fill(String(metres))
  }

  /** Runs an action and waits for the map's answer (the selection message's data-serial changes); returns the message. */
  async afterSelection(action: () => Promise<void>): Promise<string> {
    const message = this.page.getByTestId('table-selection-message')
    const before = await message.getAttribute('data-serial')
    await action()
    await this.page.waitForFunction((b) => document.querySelector('[data-testid="table-selection-message"]')?.getAttribute('data-serial') !== b, before, { timeout: 15_000 })
    return message.innerText()
  }

  /** Selects the export format and what to export, clicks export and returns the downloaded file's name and bytes. */
  async exportAs(format: string, what: 'shown' | 'selected' = 'shown'): Promise<{ name: string; bytes: Buffer; path: string }> {
    await this.page.getByTestId('table-format').selectOption(format)
    const radios: Locator = this.page.getByTestId('table-export').getByRole('radio')
    await radios.nth(what === 'shown' ? 0 : 1).check()
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('table-export-button').click()])
    const p = (await download.path())!
    return { name: download.suggestedFilename(), bytes: await fs.readFile(p), path: p }
  }
}
