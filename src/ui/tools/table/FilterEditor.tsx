// Conditions on attributes, ANDed: column, operator, value; applied as they are typed (queryRows).
import { OPERATORS, type Condition, type Operator } from '../../../tools/table/query.ts'
import { useI18n, type MessageKey } from '../../i18n.ts'

export const OPERATOR_LABEL: Record<Operator, MessageKey> = {
  eq: 'tableOpEq',
  ne: 'tableOpNe',
  lt: 'tableOpLt',
  gt: 'tableOpGt',
  contains: 'tableOpContains',
  empty: 'tableOpEmpty',
}

export function FilterEditor(p: { columns: readonly string[]; title(c: string): string; conditions: Condition[]; onChange(c: Condition[]): void }) {
  const { t } = useI18n()
  const set = (i: number, patch: Partial<Condition>) => p.onChange(p.conditions.map((c, k) => (k === i ? { ...c, ...patch } : c)))
  return (
    <fieldset className="table-filters" data-testid="table-filters">
      <legend>{t('tableFilters')}</legend>
      {p.conditions.map((c, i) => (
        <div className="table-condition" key={i} data-testid={`table-condition-${i}`}>
          <select aria-label={t('tableFilterColumn', { n: i + 1 })} value={c.column} onChange={(e) => set(i, { column: e.target.value })}>
            {p.columns.map((col) => (
              <option key={col} value={col}>
                {p.title(col)}
              </option>
            ))}
          </select>
          <select aria-label={t('tableFilterOperator', { n: i + 1 })} value={c.op} onChange={(e) => set(i, { op: e.target.value as Operator })}>
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {t(OPERATOR_LABEL[op])}
              </option>
            ))}
          </select>
          {c.op !== 'empty' && <input type="text" aria-label={t('tableFilterValue', { n: i + 1 })} value={c.value} onChange={(e) => set(i, { value: e.target.value })} />}
          <button type="button" className="secondary" aria-label={t('tableFilterRemove', { n: i + 1 })} onClick={() => p.onChange(p.conditions.filter((_, k) => k !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="secondary" disabled={!p.columns.length} onClick={() => p.onChange([...p.conditions, { column: p.columns[0], op: 'contains', value: '' }])} data-testid="table-add-condition">
        {t('tableFilterAdd')}
      </button>
    </fieldset>
  )
}
