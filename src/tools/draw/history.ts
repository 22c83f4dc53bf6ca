// Undo for the drawing tool: each completed change (drawn, moved, edited, restyled, deleted, imported) is a step.
// Whole snapshots, not diffs: a planner's sketch has tens of drawings, and a snapshot cannot drift out of step
// with what the map holds.
export class History<T> {
  private readonly past: T[] = []

  constructor(private readonly limit = 100) {}

  /** Remembers the state before a change. */
  push(before: T): void {
    this.past.push(before)
    if (this.past.length > this.limit) this.past.shift()
  }

  /** The state to return to, or undefined when there is nothing to undo. */
  undo(): T | undefined {
    return this.past.pop()
  }

  get size(): number {
    return this.past.length
  }
}
