/** A select of the imported table's columns. */
import { useId } from 'react';

export interface ColumnSelectProps {
  label: string;
  columns: readonly string[];
  value: string;
  testId: string;
  onChange(column: string): void;
  /** Text of an empty first option; without it a column must be chosen. */
  emptyLabel?: string;
}

export function ColumnSelect({ label, columns, value, testId, onChange, emptyLabel }: ColumnSelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="select" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </div>
  );
}
