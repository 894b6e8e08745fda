/**
 * A text box that stays responsive with megabytes of text. Chromium lays out and re-measures all
 * of a textarea's text in one task (4–6 s for 5 MB, measured; about 300 ms at 200,000
 * characters), so a text over LARGE_TEXT_CHARS is not put in the box: the panel's notice, the
 * beginning of the text and a Clear button stand in for it, and the whole text is still used.
 * A paste that would cross the limit is inserted here rather than by the browser, which would
 * lay the whole box out before the app could swap it.
 */
import { useMemo, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { clipText } from './format';

export const LARGE_TEXT_CHARS = 100_000;
const PREVIEW_CHARS = 4_000;

/** The text's size in UTF-8 bytes, as a file would have, without encoding megabytes to know it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each of its halves.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

type BoxProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'onPaste'>;

export interface LargeTextAreaProps extends BoxProps {
  value: string;
  onValueChange(value: string): void;
  /** Test ids: `<prefix>-input` (the box), `<prefix>-large-input`, `<prefix>-large-preview`, `<prefix>-clear`. */
  testIdPrefix: string;
  /** What the panel says about a text too large to edit, given its UTF-8 size in bytes. */
  largeNotice(bytes: number): ReactNode;
  /** While work runs on the text, Clear is disabled (the box itself is read-only). */
  busy?: boolean;
  /** Ctrl+Enter (⌘+Enter on a Mac) in the box runs the panel's action. */
  onRun?(): void;
}

export function LargeTextArea({ value, onValueChange, testIdPrefix, largeNotice, busy = false, onRun, ...box }: LargeTextAreaProps) {
  const { t } = useTranslation();
  const large = value.length > LARGE_TEXT_CHARS;
  const bytes = useMemo(() => (large ? utf8Length(value) : 0), [value, large]);
  if (large) {
    return (
      <div className="large-input" data-testid={`${testIdPrefix}-large-input`} data-length={value.length}>
        <p className="muted warn-text">{largeNotice(bytes)}</p>
        <pre className="large-input-preview" data-testid={`${testIdPrefix}-large-preview`}>
          {clipText(value, PREVIEW_CHARS)}
        </pre>
        <button type="button" className="button secondary" data-testid={`${testIdPrefix}-clear`} disabled={busy} onClick={() => onValueChange('')}>
          {t('common.clearText')}
        </button>
      </div>
    );
  }
  return (
    <textarea
      {...box}
      data-testid={`${testIdPrefix}-input`}
      value={value}
      readOnly={busy || box.readOnly}
      onChange={(event) => onValueChange(event.target.value)}
      onKeyDown={(event) => {
        box.onKeyDown?.(event);
        if (onRun && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          onRun();
        }
      }}
      onPaste={(event) => {
        const pasted = event.clipboardData.getData('text/plain');
        const target = event.currentTarget;
        if (pasted.length + target.value.length <= LARGE_TEXT_CHARS) return;
        event.preventDefault();
        onValueChange(target.value.slice(0, target.selectionStart) + pasted + target.value.slice(target.selectionEnd));
      }}
    />
  );
}
