#!/usr/bin/env node
/**
 * Fills public/models/ with self-hosted model folders in Hub layout (`<org>/<name>/config.json`,
 * `onnx/model_quantized.onnx`, ...), which the app tries before the Hub.
 *
 *   npm run models                          download the default preset's models from the Hub
 *   npm run models -- --from ../shared/models   copy Hub-layout folders found under a directory
 *
 * Run `npm run models -- --help` for every option.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HUB = (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');

const USAGE = `Usage: npm run models -- [options]

Fills public/models/ with model folders in Hub layout (org/name/config.json, onnx/*.onnx, ...).

  (no --from)          download the models of the catalog's default preset from ${HUB}
  --from DIR           copy every model folder (a folder with a config.json) found under DIR,
                       keeping its path relative to DIR, e.g. --from ../shared/models gives
                       public/models/tiny/gpt2/... Folders without any .onnx file are skipped.
  --only ID[,ID...]    only these model ids (e.g. tiny/gpt2 or Xenova/distilgpt2)
  --dtype q8|fp32      which ONNX files to download: q8 = *_quantized.onnx (default), fp32 = plain
  --dest DIR           target directory (default: public/models)
  --force              download again files that are already present
  -h, --help           this text

Environment: HF_ENDPOINT overrides the Hub address (a mirror).
Copying and downloading are idempotent: files already in place are left alone.`;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { from: undefined, only: undefined, dtype: 'q8', dest: join(ROOT, 'public', 'models'), force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // Accept both `--from DIR` and `--from=DIR`.
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') fail(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      case '--from':
        opts.from = resolve(value());
        break;
      case '--only':
        opts.only = value()
          .split(',')
          .map((s) => s.trim().replace(/\/+$/, ''))
          .filter(Boolean);
        break;
      case '--dtype':
        opts.dtype = value();
        break;
      case '--dest':
        opts.dest = resolve(value());
        break;
      case '--force':
        opts.force = true;
        break;
      default:
        fail(`unknown argument: ${arg}\n\n${USAGE}`);
    }
  }
  if (!['q8', 'fp32'].includes(opts.dtype)) fail(`--dtype must be q8 or fp32, not ${opts.dtype}`);
  return opts;
}

function fail(message, code = 1) {
  console.error(`models: ${message}`);
  process.exit(code);
}

const mb = (bytes) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const toId = (path) => path.split(sep).join('/');

// ---------------------------------------------------------------- --from DIR: copy

/** Every folder under `dir` holding a config.json; their subfolders (onnx/) belong to them. */
async function findModelFolders(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name === 'config.json')) return [dir];
  const found = [];
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') found.push(...(await findModelFolders(join(dir, e.name))));
  }
  return found;
}

/** The files of a model folder to copy: everything but READMEs and dotfiles. */
async function listFiles(dir) {
  const files = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name.toLowerCase() === 'readme.md') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await listFiles(path)));
    else if (e.isFile()) files.push(path);
  }
  return files;
}

async function copyFrom(opts) {
  if (!existsSync(opts.from)) fail(`--from ${opts.from}: no such directory`);
  if (opts.dest === opts.from || opts.dest.startsWith(opts.from + sep)) fail('--dest must not be inside --from');

  // The id is the path below DIR; when DIR is itself one model folder (--from .../tiny/gpt2),
  // it is the folder's last two path parts, as in the Hub's org/name.
  const idOf = (folder) => toId(relative(opts.from, folder)) || toId(relative(dirname(dirname(folder)), folder));
  let folders = await findModelFolders(opts.from);
  if (opts.only) {
    const missing = opts.only.filter((id) => !folders.some((f) => idOf(f) === id));
    if (missing.length) fail(`--only: no model folder ${missing.join(', ')} under ${opts.from}`);
    folders = folders.filter((f) => opts.only.includes(idOf(f)));
  }
  if (!folders.length) fail(`no model folders (folders with a config.json) under ${opts.from}`);

  let copiedBytes = 0,
    copiedFiles = 0,
    models = 0;
  for (const folder of folders) {
    const id = idOf(folder);
    const files = await listFiles(folder);
    // Config and tokenizer alone cannot run: the app would find the folder and fail on weights.
    if (!files.some((f) => f.endsWith('.onnx'))) {
      console.log(`skip  ${id}: no .onnx file (tokenizer/config only)`);
      continue;
    }
    models++;
    let total = 0,
      fresh = 0;
    for (const src of files) {
      const rel = relative(folder, src);
      const dst = join(opts.dest, id, rel);
      const s = await stat(src);
      total += s.size;
      // Same size and mtime as the source: a previous run copied it (we copy the mtime below;
      // 1 ms slack because utimes takes seconds as a double).
      const d = await stat(dst).catch(() => null);
      if (d && d.size === s.size && Math.abs(d.mtimeMs - s.mtimeMs) < 1) continue;
      await mkdir(dirname(dst), { recursive: true });
      const tmp = `${dst}.tmp-${process.pid}`;
      await copyFile(src, tmp);
      await utimes(tmp, s.atimeMs / 1000, s.mtimeMs / 1000);
      await rename(tmp, dst); // atomic: a half-copied file never has the real name
      console.log(`  copy  ${id}/${toId(rel)}  ${mb(s.size)}`);
      fresh += s.size;
      copiedFiles++;
    }
    copiedBytes += fresh;
    console.log(`model ${id}: ${files.length} files, ${mb(total)}${fresh ? '' : ' (already up to date)'}`);
  }
  console.log(`done: ${models} model(s) in ${relative(process.cwd(), opts.dest) || '.'}, ${copiedFiles} file(s) copied (${mb(copiedBytes)})`);
}

// ---------------------------------------------------------------- no --from: download

/**
 * The catalog is TypeScript and Node 20 cannot strip types, so Vite (already a dev dependency)
 * loads it through its module runner: the preset stays defined in one place.
 */
async function loadCatalog() {
  const { runnerImport } = await import('vite').catch(() => fail('Vite is not installed; run `npm ci` first'));
  const { module } = await runnerImport(join(ROOT, 'src', 'models', 'catalog.ts'), { configFile: false, logLevel: 'silent' });
  return module;
}

/** Which files a model needs, by task: summarizers are encoder-decoders, the rest single graphs. */
function filesFor(model, dtype) {
  const q = dtype === 'q8' ? '_quantized' : '';
  const onnx = model.task === 'summarization' ? [`onnx/encoder_model${q}.onnx`, `onnx/decoder_model_merged${q}.onnx`] : [`onnx/model${q}.onnx`]; // gpt2-style decoders too: transformers.js loads onnx/model*.onnx
  return [
    { name: 'config.json', required: true },
    { name: 'tokenizer.json', required: true },
    { name: 'tokenizer_config.json', required: true },
    { name: 'generation_config.json', required: false }, // only generative repos have one
    ...onnx.map((name) => ({ name, required: true })),
  ];
}

class NetworkError extends Error {}

/** fetch, with network failures turned into one clear error naming the cause. */
async function get(url, signal) {
  try {
    return await fetch(url, { signal, redirect: 'follow', headers: { 'user-agent': 'llmaos-workbench-models-script' } });
  } catch (err) {
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    throw new NetworkError(`cannot reach ${new URL(url).origin} (${cause})`);
  }
}

async function download(url, dst, label) {
  // No overall timeout (files are large); abort only when the server stops sending for 60 s.
  const ac = new AbortController();
  let timer = setTimeout(() => ac.abort(), 60_000);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ac.abort(), 60_000);
  };
  try {
    const res = await get(url, ac.signal);
    if (res.status === 404) return { status: 404 };
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    const total = Number(res.headers.get('content-length')) || 0;
    const tty = process.stdout.isTTY;
    let got = 0,
      lastShown = 0;
    const progress = new Transform({
      transform(chunk, _enc, done) {
        alive();
        got += chunk.length;
        // Live percentage only on a terminal; CI logs get the one line printed at the end.
        if (tty && Date.now() - lastShown > 250) {
          lastShown = Date.now();
          process.stdout.write(`\r  get   ${label}  ${mb(got)}${total ? ` / ${mb(total)} (${Math.floor((got / total) * 100)}%)` : ''}   `);
        }
        done(null, chunk);
      },
    });
    await mkdir(dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    try {
      await pipeline(Readable.fromWeb(res.body), progress, createWriteStream(tmp));
      if (total && got !== total) throw new Error(`${url}: got ${got} of ${total} bytes`);
      await rename(tmp, dst); // atomic: an interrupted download never leaves a truncated model file
    } catch (err) {
      await rm(tmp, { force: true });
      if (ac.signal.aborted) throw new NetworkError(`${url}: no data for 60 s`);
      throw err;
    }
    if (tty) process.stdout.write('\r');
    console.log(`  get   ${label}  ${mb(got)}${tty ? ' '.repeat(20) : ''}`); // spaces blank the live line
    return { status: 200, bytes: got };
  } finally {
    clearTimeout(timer);
  }
}

async function downloadPreset(opts) {
  const catalog = await loadCatalog();
  const ids = opts.only ?? [...new Set(Object.values(catalog.PRESETS.default))];
  const byId = new Map([...catalog.HUB_MODELS, ...catalog.FIXTURE_MODELS].map((m) => [m.id, m]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) fail(`not in the catalog (src/models/catalog.ts): ${unknown.join(', ')}`);
  const fixtures = ids.filter((id) => byId.get(id).origin === 'fixture');
  if (fixtures.length) fail(`${fixtures.join(', ')} are local test models, not on the Hub: use --from ../shared/models`);

  console.log(`Downloading ${ids.length} model(s) (${opts.dtype}) from ${HUB} into ${relative(process.cwd(), opts.dest)}`);
  let bytes = 0;
  for (const id of ids) {
    const files = filesFor(byId.get(id), opts.dtype);
    console.log(`model ${id}`);
    for (const [i, file] of files.entries()) {
      const dst = join(opts.dest, id, file.name);
      const label = `[${i + 1}/${files.length}] ${id}/${file.name}`;
      if (!opts.force && existsSync(dst)) {
        console.log(`  have  ${label}  ${mb((await stat(dst)).size)}`);
        continue;
      }
      const url = `${HUB}/${id}/resolve/main/${file.name}`;
      const res = await download(url, dst, label);
      if (res.status === 404) {
        if (file.required) throw new Error(`${url}: 404 (the repo has no ${file.name}; try --dtype fp32?)`);
        console.log(`  none  ${label}  (not in this repo, optional)`);
        continue;
      }
      bytes += res.bytes;
    }
  }
  console.log(`done: ${ids.length} model(s), ${mb(bytes)} downloaded`);
}

// ---------------------------------------------------------------- main

const opts = parseArgs(process.argv.slice(2));
try {
  if (opts.from) await copyFrom(opts);
  else await downloadPreset(opts);
} catch (err) {
  if (err instanceof NetworkError) {
    fail(
      `${err.message}.\n` +
        `The Hub cannot be reached from here (offline, firewall or proxy). Either fix the network\n` +
        `(HF_ENDPOINT can point at a mirror), or copy model folders you already have:\n` +
        `  npm run models -- --from DIR      e.g. --from ../shared/models`,
      2,
    );
  }
  fail(err.stack ?? String(err));
}
