import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidModelId } from '../../src/models/catalog';
import { folderFromInput, importedModelId, isHiddenPath, onnxProblem, planModelFolder, sanitizeFolderName } from '../../src/panels/models/folderImport';

function fileAt(relativePath: string, bytes = 1): File {
  const file = new File([new Uint8Array(bytes)], relativePath.split('/').pop() ?? 'f');
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

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
    expect(onnxProblem(valid)).toBeNull();
    expect(onnxProblem(new Uint8Array())).toMatch(/empty/);
    expect(onnxProblem(valid.subarray(0, 5))).toMatch(/truncated/);
    expect(onnxProblem(new TextEncoder().encode('<!doctype html><html></html>'))).toMatch(/not a protobuf|truncated|no ONNX/);
    expect(onnxProblem(new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\n'))).not.toBeNull();
    expect(onnxProblem(new Uint8Array([0x3a, 0x00]))).toMatch(/no ONNX IR version/);
  });

  const fixtures = resolve(__dirname, '../../public/models/tiny');
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
