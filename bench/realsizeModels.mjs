/**
 * The real-size stand-ins of the default models (random weights, real shapes), for the `realsize`
 * suite: made on demand into a git-ignored folder, and served to the production build under the
 * default models' Hub ids, as a self-hosted deployment serves `/models/<org>/<name>/`.
 *
 * Made by ../shared/tools/make-test-models/make_realsize.py (sentiment, embeddings, GPT-2, T5)
 * and bench/make_realsize_qa.py (the question-answering model, which make_realsize.py lacks). Both
 * need Debian's python3-torch, python3-onnx and python3-numpy; when they are missing they are
 * installed with apt-get (as root), or the suite stops saying what to run.
 *
 * ~1.9 GB; never commit them. Default folder: <repo>/.cache/realsize-models (git-ignored);
 * LLMAOS_REALSIZE_DIR picks another, e.g. one shared by several clones.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * Stand-in folder (under `<dir>/realsize/`) per default Hub model, and the files it must hold.
 * Summarization: the default preset's distilbart-cnn-6-6 has no stand-in, so the suite assigns
 * the catalog's other summarizer, flan-t5-small, whose shape make_realsize.py reproduces.
 */
export const STAND_INS = [
  {
    task: 'sentiment',
    hubId: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
    folder: 'distilbert-sentiment',
    maker: 'sentiment',
    files: ['onnx/model.onnx', 'onnx/model_quantized.onnx'],
  },
  {
    task: 'embeddings',
    hubId: 'Xenova/all-MiniLM-L6-v2',
    folder: 'minilm-embeddings',
    maker: 'embeddings',
    files: ['onnx/model.onnx', 'onnx/model_quantized.onnx'],
  },
  { task: 'generation', hubId: 'Xenova/distilgpt2', folder: 'gpt2', maker: 'gpt2', files: ['onnx/model.onnx', 'onnx/model_quantized.onnx'] },
  {
    task: 'summarization',
    hubId: 'Xenova/flan-t5-small',
    folder: 't5-summarizer',
    maker: 't5',
    files: ['onnx/encoder_model.onnx', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged.onnx', 'onnx/decoder_model_merged_quantized.onnx'],
  },
  {
    task: 'question-answering',
    hubId: 'Xenova/distilbert-base-cased-distilled-squad',
    folder: 'distilbert-squad',
    maker: 'qa',
    files: ['onnx/model.onnx', 'onnx/model_quantized.onnx'],
  },
];

/** Written last into each finished folder: a folder without it is a build that was interrupted. */
const DONE_MARK = '.realsize-complete';
const PYTHON = '/usr/bin/python3';
const APT_PACKAGES = ['python3-torch', 'python3-onnx', 'python3-numpy'];

export function realsizeDir(root) {
  return resolve(process.env.LLMAOS_REALSIZE_DIR ?? join(root, '.cache', 'realsize-models'));
}

const folderOf = (dir, standIn) => join(dir, 'realsize', standIn.folder);

function isComplete(dir, standIn) {
  const folder = folderOf(dir, standIn);
  return existsSync(join(folder, DONE_MARK)) && standIn.files.every((file) => existsSync(join(folder, file)));
}

/**
 * Makes the stand-ins that are missing (or half made). Returns the models folder, the one
 * transformers.js on Node uses as `localModelPath` (ids `realsize/<folder>`).
 */
export async function ensureStandIns({ root, sharedDir, log }) {
  const dir = realsizeDir(root);
  const missing = STAND_INS.filter((s) => !isComplete(dir, s));
  if (!missing.length) return dir;
  log(`making real-size stand-ins into ${dir}: ${missing.map((s) => s.folder).join(', ')} (random weights; about a minute each)`);
  ensurePythonPackages(log);
  const tools = join(sharedDir, 'tools', 'make-test-models');
  const makers = missing.map((s) => s.maker);
  const viaShared = makers.filter((m) => m !== 'qa');
  if (viaShared.length) run(PYTHON, [join(tools, 'make_realsize.py'), '--out', dir, '--only', viaShared.join(',')], tools);
  if (makers.includes('qa')) {
    run(PYTHON, [join(root, 'bench', 'make_realsize_qa.py'), '--out', dir, '--tools', tools], root);
  }
  for (const standIn of missing) {
    const folder = folderOf(dir, standIn);
    const absent = standIn.files.filter((file) => !existsSync(join(folder, file)));
    if (absent.length) throw new Error(`stand-in ${standIn.folder}: the maker finished but ${absent.join(', ')} is missing`);
    await writeFile(join(folder, DONE_MARK), `${new Date().toISOString()}\n`);
  }
  return dir;
}

function pythonHasPackages() {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's torch/onnx/numpy with apt-get when they are missing, or explains what to run. */
function ensurePythonPackages(log) {
  if (pythonHasPackages()) return;
  const manual = `Install them and run the suite again:\n  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    throw new Error(
      `the stand-in makers need ${PYTHON} with torch, onnx and numpy (Debian: ${APT_PACKAGES.join(', ')}), and this user cannot apt-get install them. ${manual}`,
    );
  log(`installing ${APT_PACKAGES.join(' ')} with apt-get (needed once to make the stand-ins)`);
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...APT_PACKAGES], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  let result = install();
  // A fresh container often has no package lists yet: update once, then try again.
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    result = install();
  }
  if (result.error || result.status !== 0 || !pythonHasPackages()) {
    throw new Error(`apt-get could not install ${APT_PACKAGES.join(', ')} (${result.error?.message ?? `exit code ${result.status}`}). ${manual}`);
  }
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error || result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

const CONTENT_TYPES = { '.json': 'application/json', '.onnx': 'application/octet-stream', '.txt': 'text/plain', '.md': 'text/markdown' };

/**
 * A Vite preview plugin: `/models/<hub id>/<file>` answered from the stand-in folder, with the
 * headers the preview gives every file (cross-origin isolation, CSP). Everything else, the app
 * included, is the production build as `vite preview` serves it. A file the stand-in lacks is a
 * 404, as a self-hosted folder without it would be.
 */
export function standInServer(dir) {
  const byPrefix = STAND_INS.map((s) => ({ prefix: `/models/${s.hubId}/`, folder: folderOf(dir, s) }));
  return {
    name: 'bench:realsize-models',
    // Before the app's own /models/ guard (vite.config.ts), which answers 404 for files not in the build.
    enforce: 'pre',
    configurePreviewServer(server) {
      const headers = server.config.preview.headers ?? {};
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        const match = byPrefix.find((m) => path.startsWith(m.prefix));
        if (!match) return next();
        const file = normalize(join(match.folder, path.slice(match.prefix.length)));
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        if (!file.startsWith(match.folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(statSync(file).size));
        res.setHeader('Cache-Control', 'no-cache');
        if (req.method === 'HEAD') return res.end();
        createReadStream(file).pipe(res);
      });
    },
  };
}
