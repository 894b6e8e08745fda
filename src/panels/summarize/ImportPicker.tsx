/**
 * File import for Summarize: reads the file, and for a CSV or a conversation file lets the user
 * pick what to summarise (a column; one conversation or all of them). The choice is written into
 * the input box, so the user always sees and can edit exactly what will be summarised.
 */
import { useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { readFileText } from '../../ui/fileIo';
import { csvColumnText, joinConversations, readImport, type Conversation, type ImportedSource } from './importText';
import { useSummarize } from './summarizeStore';

const ALL = 'all';

/** Words as runs of non-space characters, counted without building the words (files hold megabytes). */
function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/**
 * The label of every conversation from one translation: formatting a thousand options one t()
 * call at a time takes a noticeable pause, so the template is translated once with markers that
 * are then replaced per row.
 */
function conversationLabels(conversations: readonly Conversation[], template: string, locale: string): string[] {
  return conversations.map((conversation, i) =>
    template
      .replace('\u0001', () => formatNumber(i + 1, locale))
      .replace('\u0002', () => conversation.id)
      .replace('\u0003', () => formatNumber(wordCount(conversation.text), locale)),
  );
}

export function ImportPicker() {
  const { t, i18n } = useTranslation();
  const setInput = useSummarize((s) => s.setInput);
  const setReference = useSummarize((s) => s.setReference);
  const running = useSummarize((s) => s.status === 'running');
  const [source, setSource] = useState<ImportedSource | null>(null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<unknown>(null);
  // A file can hold thousands of conversations: their labels are made once, not on every render.
  const labels = useMemo(
    () =>
      source?.kind === 'conversations'
        ? conversationLabels(
            source.conversations,
            t('summarize.conversationOption', { n: '\u0001', id: '\u0002', words: '\u0003', interpolation: { escapeValue: false } }),
            i18n.language,
          )
        : [],
    [source, t, i18n.language],
  );

  const applyConversations = (conversations: readonly Conversation[], fileName: string) => {
    setInput(joinConversations(conversations), fileName);
    // One conversation's reference summaries fill the ROUGE box; several dialogs have none that fit.
    setReference(conversations.length === 1 ? (conversations[0]?.summaries ?? []).join('\n\n') : '');
  };

  const choose = (value: string, imported: ImportedSource | null = source) => {
    setChoice(value);
    if (!imported) return;
    if (imported.kind === 'csv') setInput(csvColumnText(imported.rows, value), imported.fileName);
    else if (imported.kind === 'conversations') {
      const picked = value === ALL ? imported.conversations : imported.conversations.filter((_, i) => String(i) === value);
      applyConversations(picked, imported.fileName);
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // picking the same file again still fires a change
    if (!file) return;
    setError(null);
    try {
      const imported = readImport(file.name, await readFileText(file));
      setSource(imported);
      // Parsing, the list of a thousand conversations and the text itself each take a while on a
      // big file: a macrotask between them lets the page render and answer in between.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (imported.kind === 'text') setInput(imported.text, imported.fileName);
      else if (imported.kind === 'csv') choose(imported.suggestedColumn, imported);
      else choose(imported.conversations.length === 1 ? '0' : ALL, imported);
    } catch (failure) {
      setSource(null);
      setError(failure);
    }
  };

  return (
    <div className="form-grid">
      <div className="field field-button">
        <label className="button secondary file-button">
          {t('summarize.import')}
          <input
            type="file"
            className="visually-hidden"
            accept=".txt,.md,.markdown,.csv,.tsv,.jsonl,.ndjson,.json,text/plain,text/markdown,text/csv,application/json"
            data-testid="summarize-file"
            disabled={running}
            onChange={(event) => void onFile(event)}
          />
        </label>
      </div>
      {source?.kind === 'csv' ? (
        <label className="field">
          <span className="field-label">{t('summarize.csvColumn')}</span>
          <select className="select" value={choice} data-testid="summarize-column" disabled={running} onChange={(e) => choose(e.target.value)}>
            {source.columns.map((column) => (
              <option key={column} value={column}>
                {column}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {source?.kind === 'conversations' ? (
        <label className="field grow">
          <span className="field-label">{t('summarize.conversation')}</span>
          <select className="select" value={choice} data-testid="summarize-conversation" disabled={running} onChange={(e) => choose(e.target.value)}>
            {source.conversations.length > 1 ? <option value={ALL}>{t('summarize.allConversations', { count: source.conversations.length })}</option> : null}
            {source.conversations.map((conversation, i) => (
              <option key={`${conversation.id}-${i}`} value={String(i)}>
                {labels[i]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="hint">{source ? t('summarize.importedFrom', { file: source.fileName }) : t('summarize.importHint')}</span>
      {error ? <ErrorMessage error={error} lead={t('summarize.importFailed')} testId="summarize-import-error" /> : null}
    </div>
  );
}
