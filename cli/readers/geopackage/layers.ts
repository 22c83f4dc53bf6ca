// Choosing a layer of a multi-layer file by --layer: the same words for every reader of such files.
import { InputError } from '../errors.ts'

/** The wanted layer (exact name, else the one name equal ignoring case); the only one when none is wanted. */
export function chooseLayer<T extends { name: string }>(file: string, layers: T[], wanted: string | undefined): T {
  if (layers.length === 1 && !wanted) return layers[0]
  const list = layers.map((l) => `"${l.name}"`).join(', ')
  if (!wanted) throw new InputError(file, `has ${layers.length} layers (${list}); choose one with --layer <name>`)
  const exact = layers.find((l) => l.name === wanted)
  if (exact) return exact
  const folded = layers.filter((l) => l.name.toLowerCase() === wanted.toLowerCase())
  if (folded.length === 1) return folded[0]
  throw new InputError(file, `has no layer "${wanted}"; its layers are ${list} — use --layer <name>`)
}
