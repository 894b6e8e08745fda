// A page that uses the SDK package (npm run build:sdk → dist-sdk/), served as README "The SDK as a
// package" describes: dist-sdk/ at /sdk/, dist-sdk/ort/ at /ort/, model folders at /models/.
// `?preset=fixtures` runs the tiny test models; the default preset uses the real Hub models.
import { createClient } from '/sdk/llmaos-sdk.js';

const preset = new URLSearchParams(location.search).get('preset') ?? 'default';
const show = (id, text) => (document.getElementById(id).textContent = text);

// Our own small knowledge base: the passages are embedded once, and `answer(question)` searches
// them (the workbench app's knowledge bases are found the same way, in its own origin's storage).
const FAQ = [
  { title: 'When is support open?', text: 'Our support team answers chats and emails from 9am to 5pm, Monday to Friday.' },
  { title: 'How long do refunds take?', text: 'Refunds are paid back to your card within 14 days of receiving the returned item.' },
  { title: 'How do I reset my password?', text: 'Open Settings, choose Account and press "Reset password"; we email you a link.' },
  { title: 'Do you ship abroad?', text: 'We ship to every country in the European Union; delivery takes 3 to 5 working days.' },
];
let passages = [];
const client = createClient({ preset, knowledgeBases: async () => ({ passages }) });

async function main() {
  const reviews = ['I love it, works great and the sound is amazing', 'Terrible product, it broke after two days'];
  const labels = await client.classify(reviews);
  document
    .getElementById('sentiment')
    .replaceChildren(
      ...labels.map(({ label, score }, i) => Object.assign(document.createElement('li'), { textContent: `${reviews[i]} → ${label} (${score.toFixed(2)})` })),
    );

  const tokens = [];
  const stream = client.generate('Product description: a travel mug that keeps coffee hot', { maxNewTokens: 24, minNewTokens: 8, seed: 1 });
  for await (const token of stream) {
    tokens.push(token);
    show('draft', tokens.join(''));
  }
  const draft = await stream.result;

  // FAQ retrieval by question: each entry is found by its question, and answered from its text.
  const vectors = await client.embed(FAQ.map((entry) => entry.title));
  passages = FAQ.map((entry, i) => ({ id: `faq#${i}`, ...entry, vector: vectors[i] }));
  const question = FAQ[1].title;
  show('question', question);
  const answer = await client.answer(question);
  show(
    'answer',
    answer.kind === 'no-answer' ? 'No answer found.' : `${answer.answer} (confidence ${answer.confidence.toFixed(2)}; source: ${answer.source.title})`,
  );

  // For the e2e test (test/e2e/sdkPackage.spec.ts), and for a look in the devtools.
  window.example = { labels, tokens, draft, answer, faq: FAQ };
  show('status', 'Done.');
}

main().catch((error) => {
  show('status', `Failed: ${error.message}`);
  window.example = { error: { code: error.code, message: error.message } };
});
