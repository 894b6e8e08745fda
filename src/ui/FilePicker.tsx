/**
 * "Choose a file…" as a real button over a hidden file input. A native file input, or a label
 * styled as a button, only opens on Space in Chromium (Enter does nothing), and shows "No file
 * chosen" right after the app took the file in. The button opens the picker on Enter, Space, click
 * and tap; the input stays in the page (out of the tab order) for the picker and for drops.
 */
import { useRef, type ChangeEvent, type RefObject } from 'react';

export interface FilePickerProps {
  label: string;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The test id of the input (tests hand it files); the button's is `<testId>-button`. */
  testId: string;
  className?: string;
  /** For inputs that need attributes React does not know (webkitdirectory). */
  inputRef?: RefObject<HTMLInputElement | null>;
  /** The input's value is cleared after this, so picking the same file again fires again. */
  onChange(event: ChangeEvent<HTMLInputElement>): void;
}

export function FilePicker({ label, accept, multiple, disabled, testId, className = 'button secondary file-button', inputRef, onChange }: FilePickerProps) {
  const ownRef = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownRef;
  return (
    <>
      <button type="button" className={className} disabled={disabled} data-testid={`${testId}-button`} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={label}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          onChange(event);
          event.target.value = '';
        }}
      />
    </>
  );
}
