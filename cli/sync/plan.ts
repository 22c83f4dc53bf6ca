// The sync plan: which layers to keep current, from which sources. YAML or JSON, checked against
// plan.schema.json — the schema file is the one definition (documented in docs/sync.md, usable in editors); the
// small interpreter below covers the part of JSON Schema it uses, so the officer's install needs no validator.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parseDocument } from 'yaml'
import planSchema from './plan.schema.json'
import type { UpdateFrequency } from '../../src/model/metadata.ts'

export interface PlanLayer {
  id: string
  source: string
  title?: string
  meta?: string
  style?: string
  access?: 'public' | 'internal'
  searchable?: string
  rhythm?: UpdateFrequency
  department?: string
  crs?: string
  guessCrs?: boolean
  allowOutsideArea?: boolean
  extent?: string
  layer?: string
  encoding?: string
  x?: string
  y?: string
  separator?: string
}

export interface Plan {
  /** The plan file's folder: relative paths in the plan are resolved against it. */
  dir: string
  catalog?: string
  layers: PlanLayer[]
}

/** The plan cannot be used: nothing is published (exit code PLAN_INVALID). */
export class PlanError extends Error {}

interface Schema {
  type?: string
  enum?: unknown[]
  pattern?: string
  minLength?: number
  minItems?: number
  required?: string[]
  additionalProperties?: boolean
  properties?: Record<string, Schema>
  items?: Schema
  $ref?: string
  $defs?: Record<string, Schema>
}

// Imported, not read from disk next to this module: the compiled CLI (one bundle in dist-cli/) carries it inside.
export const PLAN_SCHEMA = planSchema as Schema

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)

/** Problems of `value` against `schema`, each naming where (e.g. layers[3].access). */
export function schemaProblems(value: unknown, schema: Schema = PLAN_SCHEMA, at = '', root: Schema = schema): string[] {
  if (schema.$ref) return schemaProblems(value, root.$defs![schema.$ref.replace('#/$defs/', '')], at, root)
  const where = at || 'the plan'
  if (schema.enum && !schema.enum.includes(value)) return [`${where} must be one of ${schema.enum.join(', ')} (is ${JSON.stringify(value)})`]
  if (schema.type && typeOf(value) !== schema.type) return [`${where} must be ${schema.type === 'array' ? 'a list' : schema.type === 'object' ? 'a mapping of fields' : `a ${schema.type}`} (is ${typeOf(value)})`]
  const problems: string[] = []
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${where} must not be empty`)
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) problems.push(`${where} "${value.slice(0, 80)}" does not match ${schema.pattern}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${where} needs at least ${schema.minItems} entr${schema.minItems === 1 ? 'y' : 'ies'}`)
    if (schema.items) value.forEach((v, i) => problems.push(...schemaProblems(v, schema.items!, `${at}[${i}]`, root)))
  }
  if (typeOf(value) === 'object') {
    const o = value as Record<string, unknown>
    for (const r of schema.required ?? []) if (!(r in o)) problems.push(`${where} lacks "${r}"`)
    for (const [k, v] of Object.entries(o)) {
      const sub = schema.properties?.[k]
      if (sub) problems.push(...schemaProblems(v, sub, at ? `${at}.${k}` : k, root))
      else if (schema.additionalProperties === false) problems.push(`${where} has an unknown field "${k}" (known: ${Object.keys(schema.properties ?? {}).join(', ')})`)
    }
  }
  return problems
}

/** Parses plan text (YAML is a superset of JSON, but .json files get JSON's own errors). */
function parsePlanText(text: string, file: string): unknown {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text)
    } catch (e) {
      throw new PlanError(`${file}: not valid JSON (${(e as Error).message})`)
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length) {
    const e = doc.errors[0]
    const line = e.linePos?.[0]?.line
    throw new PlanError(`${file}${line ? `, line ${line}` : ''}: not valid YAML (${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`)
  }
  return doc.toJS()
}

export async function loadPlan(file: string): Promise<Plan> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    throw new PlanError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  const raw = parsePlanText(text, file)
  const problems = schemaProblems(raw)
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).join('; ')}${problems.length > 4 ? '; …' : ''})` : ''
    throw new PlanError(`${file}: ${problems[0]}${more} — see docs/sync.md`)
  }
  const plan = raw as Omit<Plan, 'dir'>
  const seen = new Map<string, number>()
  plan.layers.forEach((l, i) => {
    const first = seen.get(l.id)
    if (first !== undefined) throw new PlanError(`${file}: layers[${i}].id "${l.id}" is already used by layers[${first}] — each layer needs its own id`)
    seen.set(l.id, i)
  })
  return { ...plan, dir: path.dirname(path.resolve(file)) }
}
