import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidModelId } from '../../src/models/catalog';
import { englishText } from '../../src/core';
import {
  externalDataFiles,
  externalDataProblem,
  folderFromInput,
  importedModelId,
  isHiddenPath,
  onnxExternalTensors,
  onnxProblem,
  planModelFolder,
  sanitizeFolderName,
} from '../../src/panels/models/folderImport';
import { HAN, rendered } from './support/localize';

function fileAt(relativePath: string, bytes = 1): File {
  const file = new File([new Uint8Array(bytes)], relativePath.split('/').pop() ?? 'f');
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

const fixtures = resolve(__dirname, '../../public/models/tiny');

describe('folder import helpers', () => {
  it('makes a valid local/<name> id from any folder name', () => {
    expect(importedModelId('distilbert-sst2')).toBe('local/distilbert-sst2');
    expect(importedModelId('My Model (v2)')).toBe('local/My-Model-v2');
    expect(importedModelId('..secret')).toBe('local/secret');
    expect(importedModelId('模型')).toBe('local/model');
    expect(sanitizeFolderName('a'.repeat(300))).toHaveLength(96);
    for (const name of ['x', '...', ' ', 'a..b', '-a-', 'ok_name.v1', 'über model', '中文 model']) {
      expect(isValidModelId(importedModelId(name)), name).toBe(true);
    }
  });

  it('takes paths relative to the picked folder and leaves hidden files out', () => {
    const folder = folderFromInput([
      fileAt('tiny-bert/config.json'),
      fileAt('tiny-bert/onnx/model_quantized.onnx'),
      fileAt('tiny-bert/.git/HEAD'),
      fileAt('tiny-bert/.DS_Store'),
    ]);
    expect(folder.name).toBe('tiny-bert');
    expect(folder.files.map((f) => f.path)).toEqual(['config.json', 'onnx/model_quantized.onnx']);
  });

  it('recognises hidden paths', () => {
    expect(isHiddenPath('.git/config')).toBe(true);
    expect(isHiddenPath('onnx/.cache/x')).toBe(true);
    expect(isHiddenPath('onnx/model.onnx')).toBe(false);
  });
});

describe('what a folder must hold before it is imported', () => {
  const tokenizer = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

  it.each([
    ['sentiment, quantized only', 'sentiment', [...tokenizer, 'onnx/model_quantized.onnx'], { wasm: 'q8', webgpu: 'q8' }],
    ['embeddings, both', 'embeddings', [...tokenizer, 'onnx/model.onnx', 'onnx/model_quantized.onnx'], { wasm: 'q8', webgpu: 'fp32' }],
    [
      'summarization, full precision only',
      'summarization',
      [...tokenizer, 'onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx'],
      { wasm: 'fp32', webgpu: 'fp32' },
    ],
  ] as const)('accepts %s, with the dtypes it can run', (_label, task, paths, dtype) => {
    expect(planModelFolder(paths, task)).toMatchObject({ ok: true, dtype });
  });

  it.each([
    ['no tokenizer.json', 'sentiment', ['config.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'], ['tokenizer.json']],
    ['weights at the wrong path', 'sentiment', [...tokenizer, 'model_quantized.onnx'], ['onnx/model_quantized.onnx (or onnx/model.onnx)']],
    [
      'a decoder without its encoder',
      'summarization',
      [...tokenizer, 'onnx/decoder_model_merged_quantized.onnx'],
      ['onnx/encoder_model_quantized.onnx (or onnx/encoder_model.onnx)'],
    ],
    ['nothing', 'embeddings', [], [...tokenizer, 'onnx/model_quantized.onnx (or onnx/model.onnx)']],
  ] as const)('refuses a folder with %s, naming what is missing', (_label, task, paths, missing) => {
    expect(planModelFolder(paths, task)).toEqual({ ok: false, missing });
  });

  it('checks the ONNX structure cheaply', () => {
    // ir_version 8, a graph of 2 bytes, opset_import of 2 bytes.
    const valid = new Uint8Array([0x08, 0x08, 0x3a, 0x02, 0x0a, 0x00, 0x42, 0x02, 0x08, 0x11]);
    const problem = (bytes: Uint8Array) => {
      const found = onnxProblem(bytes);
      return found && englishText(found);
    };
    expect(problem(valid)).toBeNull();
    expect(problem(new Uint8Array())).toMatch(/empty/);
    expect(problem(valid.subarray(0, 5))).toMatch(/truncated/);
    expect(problem(new TextEncoder().encode('<!doctype html><html></html>'))).toMatch(/not a protobuf|truncated|no ONNX/);
    expect(problem(new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\n'))).not.toBeNull();
    expect(problem(new Uint8Array([0x3a, 0x00]))).toMatch(/no ONNX IR version/);
  });

  it.skipIf(!existsSync(fixtures))('accepts every real ONNX file of the fixture models', () => {
    const files = readdirSync(fixtures).flatMap((model) => {
      const dir = join(fixtures, model, 'onnx');
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.onnx'))
            .map((f) => join(dir, f))
        : [];
    });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(onnxProblem(new Uint8Array(readFileSync(file))), file).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// External data (`model.onnx_data`): a graph whose initializers point into files beside it.

/** A minimal protobuf writer, enough to build ONNX ModelProtos with external initializers. */
function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 128) {
    out.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}
const varintField = (field: number, value: number) => [...varint(field * 8), ...varint(value)];
const bytesField = (field: number, payload: number[]) => [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
const utf8 = (value: string) => [...new TextEncoder().encode(value)];

/** An initializer (TensorProto) whose data lives in `location` at offset/length. */
function externalTensor(name: string, location: string, offset: number, length: number): number[] {
  const entry = (key: string, value: string) => bytesField(13, [...bytesField(1, utf8(key)), ...bytesField(2, utf8(value))]);
  return [
    ...varintField(1, length / 4), // dims
    ...varintField(2, 1), // data_type FLOAT
    ...bytesField(8, utf8(name)),
    ...entry('location', location),
    ...entry('offset', String(offset)),
    ...entry('length', String(length)),
    ...varintField(14, 1), // data_location EXTERNAL
  ];
}

/** A ModelProto: IR version 8, a graph of initializers, an opset import. */
function onnxModel(...initializers: number[][]): ArrayBuffer {
  const graph = [...bytesField(2, utf8('main')), ...initializers.flatMap((tensor) => bytesField(5, tensor))];
  return new Uint8Array([...varintField(1, 8), ...bytesField(7, graph), ...bytesField(8, varintField(2, 17))]).buffer;
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
const bytes = (length: number) => new Uint8Array(length).buffer;
const DECLARED = { model_type: 'bert', 'transformers.js_config': { use_external_data_format: true } };
const GRAPH = onnxModel(externalTensor('embeddings.weight', 'model.onnx_data', 0, 4096), externalTensor('classifier.weight', 'model.onnx_data', 4096, 1024));

function folder(config: unknown, files: Record<string, ArrayBuffer>): Array<{ path: string; data: ArrayBuffer }> {
  return Object.entries({ 'config.json': json(config), ...files }).map(([path, data]) => ({ path, data }));
}

describe('external data files (*.onnx_data)', () => {
  const problem = (files: Array<{ path: string; data: ArrayBuffer }>) => {
    const found = externalDataProblem(files, ['onnx/model.onnx']);
    return found && englishText(found);
  };

  it('reads where each initializer keeps its data, from the graph alone', () => {
    expect(onnxProblem(new Uint8Array(GRAPH))).toBeNull();
    expect(onnxExternalTensors(new Uint8Array(GRAPH))).toEqual([
      { tensor: 'embeddings.weight', location: 'model.onnx_data', offset: 0, length: 4096, valid: true },
      { tensor: 'classifier.weight', location: 'model.onnx_data', offset: 4096, length: 1024, valid: true },
    ]);
  });

  it('names the files transformers.js will request, per the config (true, a count, per file, per device)', () => {
    expect(externalDataFiles(DECLARED, 'onnx/model.onnx')).toEqual(['onnx/model.onnx_data']);
    expect(externalDataFiles({ 'transformers.js_config': { use_external_data_format: 2 } }, 'onnx/model.onnx')).toEqual([
      'onnx/model.onnx_data',
      'onnx/model.onnx_data_1',
    ]);
    const perFile = { 'transformers.js_config': { use_external_data_format: { 'model_quantized.onnx': 1 } } };
    expect(externalDataFiles(perFile, 'onnx/model_quantized.onnx')).toEqual(['onnx/model_quantized.onnx_data']);
    expect(externalDataFiles(perFile, 'onnx/model.onnx')).toEqual([]);
    const perDevice = { 'transformers.js_config': { device_config: { webgpu: { use_external_data_format: { model: true } } } } };
    expect(externalDataFiles(perDevice, 'onnx/model.onnx')).toEqual(['onnx/model.onnx_data']);
    expect(externalDataFiles({ model_type: 'bert' }, 'onnx/model.onnx')).toEqual([]);
  });

  it('accepts a model whose external data is declared, present and long enough', () => {
    expect(problem(folder(DECLARED, { 'onnx/model.onnx': GRAPH, 'onnx/model.onnx_data': bytes(5120) }))).toBeNull();
  });

  it.each([
    ['the data file is missing', DECLARED, {}, /onnx\/model\.onnx needs its external data file "onnx\/model\.onnx_data", which is not in the folder/],
    [
      'config.json does not declare it',
      { model_type: 'bert' },
      { 'onnx/model.onnx_data': bytes(5120) },
      /keeps weights in "model\.onnx_data", but config\.json does not declare external data/,
    ],
    ['the graph names another file', DECLARED, { 'onnx/model.onnx_data': bytes(5120), 'onnx/weights.bin': bytes(5120) }, null],
    ['the data file is empty', DECLARED, { 'onnx/model.onnx_data': bytes(0) }, /"model\.onnx_data" is empty/],
    [
      'the data file is too short for a tensor',
      DECLARED,
      { 'onnx/model.onnx_data': bytes(4100) },
      /is 4,100 bytes, but onnx\/model\.onnx reads tensor "classifier\.weight" up to byte 5,120/,
    ],
  ] as const)('refuses a folder where %s, naming the files', (_label, config, files, message) => {
    const graph = message === null ? onnxModel(externalTensor('w', 'weights.bin', 0, 16)) : GRAPH;
    const found = problem(folder(config, { 'onnx/model.onnx': graph, ...files }));
    if (message === null) expect(found).toMatch(/keeps weights in "weights\.bin", but its external data will be loaded as "model\.onnx_data"/);
    else expect(found).toMatch(message);
  });

  it('refuses a config.json that is not JSON, and says each problem in Chinese too', () => {
    const files = [
      { path: 'config.json', data: new TextEncoder().encode('{ nope').buffer as ArrayBuffer },
      { path: 'onnx/model.onnx', data: GRAPH },
    ];
    expect(problem(files)).toMatch(/config\.json is not valid JSON/);
    const short = externalDataProblem(folder(DECLARED, { 'onnx/model.onnx': GRAPH, 'onnx/model.onnx_data': bytes(4100) }), ['onnx/model.onnx'])!;
    const zh = rendered(short, 'zh-CN');
    expect(zh).toMatch(HAN);
    expect(zh).toContain('model.onnx_data');
    expect(zh).toContain('classifier.weight');
    expect(zh).not.toMatch(/\b(bytes|reads|truncated)\b/);
  });

  it.skipIf(!existsSync(fixtures))('finds no external data problem in the fixture models, which keep their weights inside', () => {
    for (const model of readdirSync(fixtures)) {
      const dir = join(fixtures, model);
      if (!existsSync(join(dir, 'onnx'))) continue;
      const onnx = readdirSync(join(dir, 'onnx'))
        .filter((f) => f.endsWith('.onnx'))
        .map((f) => `onnx/${f}`);
      const files = ['config.json', ...onnx].map((path) => ({ path, data: new Uint8Array(readFileSync(join(dir, path))).buffer }));
      expect(externalDataProblem(files, onnx), model).toBeNull();
      for (const path of onnx) expect(onnxExternalTensors(new Uint8Array(readFileSync(join(dir, path)))), path).toEqual([]);
    }
  });
});
