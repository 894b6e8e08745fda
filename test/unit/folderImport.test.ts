import { describe, expect, it } from 'vitest';
import { isValidModelId } from '../../src/models/catalog';
import {
  folderFromInput,
  importedModelId,
  isHiddenPath,
  missingModelFiles,
  sanitizeFolderName,
} from '../../src/panels/models/folderImport';

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

  it('says what a folder lacks to be a model', () => {
    expect(missingModelFiles(['config.json', 'onnx/model.onnx'])).toEqual([]);
    expect(missingModelFiles(['onnx/model.onnx'])).toEqual(['config']);
    expect(missingModelFiles(['config.json', 'tokenizer.json'])).toEqual(['onnx']);
    expect(missingModelFiles([])).toEqual(['config', 'onnx']);
  });

  it('recognises hidden paths', () => {
    expect(isHiddenPath('.git/config')).toBe(true);
    expect(isHiddenPath('onnx/.cache/x')).toBe(true);
    expect(isHiddenPath('onnx/model.onnx')).toBe(false);
  });
});
