// The drawings of this device, shared by the drawing panel and the map layer that shows them while the panel is
// closed: loaded once from localStorage, saved on every change, with the undo history. A corrupt or foreign
// entry is ignored (the problem is kept for the panel to say) and overwritten only by the next change.
import { History } from '../../../tools/draw/history.ts'
import type { Drawing } from '../../../tools/draw/model.ts'
import { parseStored, serialize, STORAGE_KEY, type DrawState, type Loaded } from '../../../tools/draw/storage.ts'

type Listener = (s: DrawState, origin: 'tool' | 'other') => void

class DrawStore {
  state: DrawState
  readonly loadProblem: Pick<Loaded, 'problem' | 'index'>
  /** Set when saving failed (storage full or blocked); the drawings stay for this visit. */
  saveFailed = false
  private readonly history = new History<Drawing[]>()
  private readonly listeners = new Set<Listener>()

  constructor() {
    let text: string | null = null
    try {
      text = localStorage.getItem(STORAGE_KEY)
    } catch {
      // Storage blocked (privacy settings): start empty.
    }
    const loaded = parseStored(text)
    this.state = loaded.state
    this.loadProblem = { problem: loaded.problem, index: loaded.index }
  }

  get canUndo(): boolean {
    return this.history.size > 0
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /**
   * Replaces the drawings as one undoable step. origin 'tool': the change came from the map editor, which already
   * shows it; 'other' (panel, undo, import) makes the editor reload.
   */
  setDrawings(drawings: Drawing[], origin: 'tool' | 'other' = 'other'): void {
    this.history.push(this.state.drawings)
    this.commit({ ...this.state, drawings }, origin)
  }

  setShowMeasurements(on: boolean): void {
    this.commit({ ...this.state, showMeasurements: on }, 'other')
  }

  undo(): boolean {
    const before = this.history.undo()
    if (!before) return false
    this.commit({ ...this.state, drawings: before }, 'other')
    return true
  }

  private commit(next: DrawState, origin: 'tool' | 'other') {
    this.state = next
    try {
      localStorage.setItem(STORAGE_KEY, serialize(next))
      this.saveFailed = false
    } catch {
      this.saveFailed = true
    }
    for (const fn of this.listeners) fn(next, origin)
  }
}

export const drawStore = new DrawStore()
