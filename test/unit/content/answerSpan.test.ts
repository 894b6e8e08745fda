import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerFromContext, locateAnswerSpan, spanMatches } from '../../../src/content/answerSpan';

const here = path.dirname(fileURLToPath(import.meta.url));
const sharedDir = path.resolve(here, '../../../../shared');

interface SquadRow {
  id: string;
  context: string;
  question: string;
  answers: Array<{ text: string; answer_start: number }>;
}

function squadRows(count: number): SquadRow[] {
  return readFileSync(path.join(sharedDir, 'datasets/squad_v1.1_dev_half/squad_dev_flat_sample1008.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line) => JSON.parse(line) as SquadRow);
}

describe('locateAnswerSpan on SQuAD pairs, with the answer as the QA tokenizer decodes it', () => {
  let tokenizer: PreTrainedTokenizer;

  beforeAll(async () => {
    env.localModelPath = path.join(sharedDir, 'models');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // The tiny QA model's real (uncased) DistilBERT tokenizer: lower-cases, strips accents and
    // decodes with spaces around punctuation, as the pipeline's answer does.
    tokenizer = await AutoTokenizer.from_pretrained('tiny/distilbert-squad');
  });

  it('returns the context span the reference answer starts at, for 300 SQuAD questions', () => {
    const rows = squadRows(300);
    let decodedDiffers = 0;
    let checked = 0;
    for (const row of rows) {
      const { text: reference, answer_start: referenceStart } = row.answers[0]!;
      const ids = tokenizer.encode(reference, { add_special_tokens: false });
      const decoded = tokenizer.decode(ids, { skip_special_tokens: true });
      if (ids.includes(tokenizer.unk_token_id!)) continue; // characters the vocabulary lacks are not in the decoded text
      checked++;
      if (decoded !== reference) decodedDiffers++;
      // The reference's own offset plays the model's pointer, to pick among repeated answers.
      const span = locateAnswerSpan(row.context, decoded, { near: referenceStart });
      expect(span, `${row.id}: ${JSON.stringify(decoded)}`).not.toBeNull();
      expect(row.context.slice(span!.start, span!.end), row.id).toBe(reference);
      expect(span!.start, row.id).toBe(referenceStart);
    }
    expect(checked).toBeGreaterThan(250);
    // The point of the exercise: most decoded answers are not verbatim slices of the context.
    expect(decodedDiffers).toBeGreaterThan(checked / 4);
  });

  it('answerFromContext gives the context text for a decoded SQuAD answer', () => {
    const context = 'Super Bowl 50 was an American football game to determine the champion of the National Football League (NFL) for the 2015 season.';
    const decoded = tokenizer.decode(tokenizer.encode('National Football League (NFL)', { add_special_tokens: false }), { skip_special_tokens: true });
    expect(decoded).toBe('national football league ( nfl )');
    const result = answerFromContext(context, decoded);
    expect(result.answer).toBe('National Football League (NFL)');
    expect(context.slice(result.start, result.end)).toBe(result.answer);
  });
});

describe('locateAnswerSpan', () => {
  it('keeps offsets right when lower-casing changes the length ("İ" becomes two code units)', () => {
    expect('İ'.toLowerCase()).toHaveLength(2); // the reason a lower-cased search would shift offsets
    const context = 'İstanbul İzmir and Ankara are the largest cities; Ankara is the capital.';
    const ankara = locateAnswerSpan(context, 'ankara');
    expect(ankara).toEqual({ start: 19, end: 25 });
    expect(context.slice(ankara!.start, ankara!.end)).toBe('Ankara');
    const istanbul = locateAnswerSpan(context, 'i̇stanbul i̇zmir');
    expect(context.slice(istanbul!.start, istanbul!.end)).toBe('İstanbul İzmir');
    const plain = locateAnswerSpan(context, 'istanbul');
    expect(context.slice(plain!.start, plain!.end)).toBe('İstanbul');
  });

  it('maps through characters that fold to several ("ﬁ", "ß" stays) and never splits one', () => {
    const context = 'The ﬁnal offer: Straße 5.';
    const fin = locateAnswerSpan(context, 'final offer');
    expect(context.slice(fin!.start, fin!.end)).toBe('ﬁnal offer');
    expect(locateAnswerSpan(context, 'inal')).toBeNull(); // would start inside "ﬁ"
    const street = locateAnswerSpan(context, 'strasse');
    expect(street).toBeNull(); // ß is not ss for the tokenizer either
    const street5 = locateAnswerSpan(context, 'straße 5');
    expect(street5 && context.slice(street5.start, street5.end)).toBe('Straße 5');
  });

  it('picks the occurrence the model pointed at, else a verbatim one, else the first', () => {
    const context = 'paris is big. The capital is Paris, and Paris is old.';
    expect(locateAnswerSpan(context, 'Paris')).toEqual({ start: 29, end: 34 }); // verbatim beats the earlier "paris"
    expect(locateAnswerSpan(context, 'PARIS')).toEqual({ start: 0, end: 5 }); // none verbatim: the first
    expect(locateAnswerSpan(context, 'paris', { near: 38 })).toEqual({ start: 40, end: 45 });
    expect(locateAnswerSpan(context, 'paris', { near: 2 })).toEqual({ start: 0, end: 5 });
  });

  it('matches across the spacing the tokenizer adds around punctuation and removes around dashes', () => {
    const context = 'COVID-19 is closely related to two other coronaviruses—the SARS coronavirus. Café opens at 9:30, “daily”.';
    const cases: Array<[string, string]> = [
      ['covid - 19 is closely related', 'COVID-19 is closely related'],
      ['coronaviruses — the sars', 'coronaviruses—the SARS'],
      ['cafe opens at 9 : 30', 'Café opens at 9:30'],
      ['“ daily ”', '“daily”'],
    ];
    for (const [decoded, expected] of cases) {
      const span = locateAnswerSpan(context, decoded);
      expect(span && context.slice(span.start, span.end), decoded).toBe(expected);
    }
    expect(locateAnswerSpan(context, 'not there')).toBeNull();
    expect(locateAnswerSpan(context, '  ')).toBeNull();
  });

  it('finds CJK answers decoded with a space between every character, and astral characters', () => {
    const context = '我们的客服在北京，工作时间是周一到周五。😀 表情𠮷也可以。';
    const span = locateAnswerSpan(context, '周 一 到 周 五');
    expect(span && context.slice(span.start, span.end)).toBe('周一到周五');
    const city = locateAnswerSpan(context, '北 京');
    expect(city).toEqual({ start: 6, end: 8 });
    const astral = locateAnswerSpan(context, '表 情 𠮷');
    expect(astral && context.slice(astral.start, astral.end)).toBe('表情𠮷');
  });

  it('answerFromContext returns -1 only when the answer is nowhere in the context', () => {
    expect(answerFromContext('Fever and cough.', 'headache')).toEqual({ answer: 'headache', start: -1, end: -1 });
    expect(answerFromContext('Fever and cough.', 'FEVER')).toEqual({ answer: 'Fever', start: 0, end: 5 });
  });
});

describe('spanMatches', () => {
  const passage = 'COVID-19 is closely related';
  it('accepts offsets that read as the answer and refuses the rest', () => {
    expect(spanMatches(passage, 0, 8, 'covid - 19')).toBe(true);
    expect(spanMatches(passage, 0, 8, 'related')).toBe(false);
    expect(spanMatches(passage, -1, -1, 'covid')).toBe(false);
    expect(spanMatches(passage, 0, 999, 'covid')).toBe(false);
    expect(spanMatches(passage, 0, 8, '')).toBe(false);
  });
});
