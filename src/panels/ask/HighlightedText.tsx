/** A passage with one span marked, built from text segments: passage text is never HTML. */
import { highlightSpans } from '../../content/answering';

export function HighlightedText({ text, start, end }: { text: string; start: number; end: number }) {
  return (
    <>
      {highlightSpans(text, start, end).map((segment, i) =>
        segment.highlighted ? (
          <mark key={i} data-testid="ask-highlight">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
