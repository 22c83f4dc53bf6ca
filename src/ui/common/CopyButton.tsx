// A copy button with a polite status line, so screen readers hear that the copy worked (or how to copy by hand).
import { useState } from 'react'
import { useI18n } from '../i18n.ts'
import { copyText } from './clipboard.ts'

export function CopyButton(props: { text: () => string; label?: string; testId?: string; className?: string; children?: string }) {
  const { t } = useI18n()
  const [status, setStatus] = useState<'copied' | 'failed'>()
  return (
    <span className={props.className ?? 'copy'}>
      <button type="button" data-testid={props.testId} aria-label={props.label} title={props.label} onClick={async () => setStatus((await copyText(props.text())) ? 'copied' : 'failed')}>
        {props.children ?? t('copy')}
      </button>
      <span role="status" className={status === 'failed' ? 'copy-status error' : 'copy-status'}>
        {status === 'copied' ? t('copied') : status === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  )
}
