/**
 * The user's settings, persisted to localStorage: which preset and backend to use, per-task
 * model choices, the models they added or imported, and the UI language.
 *
 * URL overrides, applied once at startup and then saved like any other change:
 *   ?preset=fixtures | ?preset=default     replaces the stored preset
 *   ?backend=auto | ?backend=wasm | ?backend=webgpu   replaces the stored backend preference
 *   ?threads=auto | ?threads=leave-a-core   replaces the stored thread policy
 * e.g. `/?preset=fixtures&backend=wasm` runs everything on the tiny test models with WASM, which is
 * what the e2e tests and benchmarks open. Unknown values are ignored.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { TASKS, THREAD_POLICIES, type BackendPreference, type Task, type ThreadPolicy } from '../core';
import { isPresetName, isValidModelId, type CatalogModel, type PresetName, type TaskAssignment } from '../models/catalog';
import { localStorageOrNull } from './browserStorage';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const BACKEND_PREFERENCES = ['auto', 'webgpu', 'wasm'] as const satisfies readonly BackendPreference[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isBackendPreference(value: unknown): value is BackendPreference {
  return typeof value === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

export function isThreadPolicy(value: unknown): value is ThreadPolicy {
  return typeof value === 'string' && (THREAD_POLICIES as readonly string[]).includes(value);
}

/** What is saved. */
export interface PersistedSettings {
  preset: PresetName;
  backend: BackendPreference;
  /** How many cores the models may take on WASM. */
  threads: ThreadPolicy;
  /** Per-task overrides of the preset's choice. */
  assignment: Partial<TaskAssignment>;
  userModels: CatalogModel[];
  /** null: follow the browser's language. */
  language: Language | null;
}

export interface SettingsState extends PersistedSettings {
  setPreset(preset: PresetName): void;
  setBackend(backend: BackendPreference): void;
  setThreads(threads: ThreadPolicy): void;
  /** Chooses the model for a task; `null` goes back to the preset's choice. */
  assign(task: Task, modelId: string | null): void;
  /** Adds a model, replacing one with the same id. */
  addUserModel(model: CatalogModel): void;
  /** Forgets a user model and any task choice that named it. */
  removeUserModel(modelId: string): void;
  setLanguage(language: Language | null): void;
}

export const SETTINGS_STORAGE_KEY = 'llmaos-settings';
export const SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: PersistedSettings = {
  preset: 'default',
  backend: 'auto',
  threads: 'auto',
  assignment: {},
  userModels: [],
  language: null,
};

const ORIGINS: readonly CatalogModel['origin'][] = ['hub', 'fixture', 'custom', 'imported'];
const DTYPES = ['q8', 'fp32', 'fp16', 'q4'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}

function sanitizeModel(value: unknown): CatalogModel | null {
  if (!isRecord(value)) return null;
  const { id, task, languages, origin, dtype, approxBytes } = value;
  if (typeof id !== 'string' || !isValidModelId(id) || !isTask(task)) return null;
  const model: CatalogModel = {
    id,
    task,
    languages: Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [],
    origin: ORIGINS.includes(origin as CatalogModel['origin']) ? (origin as CatalogModel['origin']) : 'custom',
    dtype:
      isRecord(dtype) && DTYPES.includes(dtype.wasm as string) && DTYPES.includes(dtype.webgpu as string)
        ? (dtype as CatalogModel['dtype'])
        : { wasm: 'q8', webgpu: 'fp32' },
  };
  if (typeof approxBytes === 'number' && Number.isFinite(approxBytes)) model.approxBytes = approxBytes;
  return model;
}

/** Whatever was stored (any version, possibly hand-edited), reduced to valid settings. */
export function sanitizeSettings(value: unknown): PersistedSettings {
  const stored = isRecord(value) ? value : {};
  const assignment: Partial<TaskAssignment> = {};
  if (isRecord(stored.assignment)) {
    for (const task of TASKS) {
      const id = stored.assignment[task];
      if (typeof id === 'string' && id) assignment[task] = id;
    }
  }
  const userModels = Array.isArray(stored.userModels) ? stored.userModels.map(sanitizeModel).filter((m): m is CatalogModel => m !== null) : [];
  return {
    preset: isPresetName(stored.preset) ? stored.preset : DEFAULT_SETTINGS.preset,
    backend: isBackendPreference(stored.backend) ? stored.backend : DEFAULT_SETTINGS.backend,
    threads: isThreadPolicy(stored.threads) ? stored.threads : DEFAULT_SETTINGS.threads,
    assignment,
    userModels,
    language: isLanguage(stored.language) ? stored.language : null,
  };
}

/**
 * Version history of the stored shape:
 *   0 (or unversioned): `{ preset, backend, language }` with `language: 'zh'` meaning Chinese.
 *   1: adds `assignment` and `userModels`; languages are `en` | `zh-CN`.
 */
export function migrateSettings(persisted: unknown, version: number): PersistedSettings {
  if (version < 1 && isRecord(persisted) && persisted.language === 'zh') {
    return sanitizeSettings({ ...persisted, language: 'zh-CN' });
  }
  return sanitizeSettings(persisted);
}

/** The settings the URL asks for (`?preset=`, `?backend=`, `?threads=`); invalid values are ignored. */
export function urlOverrides(search: string): Partial<Pick<PersistedSettings, 'preset' | 'backend' | 'threads'>> {
  const params = new URLSearchParams(search);
  const overrides: Partial<Pick<PersistedSettings, 'preset' | 'backend' | 'threads'>> = {};
  const preset = params.get('preset');
  const backend = params.get('backend');
  const threads = params.get('threads');
  if (isPresetName(preset)) overrides.preset = preset;
  if (isBackendPreference(backend)) overrides.backend = backend;
  if (isThreadPolicy(threads)) overrides.threads = threads;
  return overrides;
}

function browserStorage(): Storage {
  // Storage disabled (privacy mode, sandboxed iframe) or absent (Node): the settings live in memory.
  const local = localStorageOrNull();
  if (local) return local;
  const memory = new Map<string, string>();
  return {
    get length() {
      return memory.size;
    },
    clear: () => memory.clear(),
    getItem: (key) => memory.get(key) ?? null,
    key: (index) => [...memory.keys()][index] ?? null,
    removeItem: (key) => void memory.delete(key),
    setItem: (key, value) => void memory.set(key, value),
  };
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      ...DEFAULT_SETTINGS,
      setPreset: (preset) => set({ preset }),
      setBackend: (backend) => set({ backend }),
      setThreads: (threads) => set({ threads }),
      assign: (task, modelId) =>
        set((state) => {
          const assignment = { ...state.assignment };
          if (modelId) assignment[task] = modelId;
          else delete assignment[task];
          return { assignment };
        }),
      addUserModel: (model) => set((state) => ({ userModels: [...state.userModels.filter((m) => m.id !== model.id), model] })),
      removeUserModel: (modelId) =>
        set((state) => {
          const assignment = { ...state.assignment };
          for (const task of TASKS) if (assignment[task] === modelId) delete assignment[task];
          return { userModels: state.userModels.filter((m) => m.id !== modelId), assignment };
        }),
      setLanguage: (language) => set({ language }),
    }),
    {
      name: SETTINGS_STORAGE_KEY,
      version: SETTINGS_VERSION,
      storage: createJSONStorage(browserStorage),
      partialize: ({ preset, backend, threads, assignment, userModels, language }): PersistedSettings => ({
        preset,
        backend,
        threads,
        assignment,
        userModels,
        language,
      }),
      migrate: migrateSettings,
      // Same-version data is validated too: localStorage is user-editable.
      merge: (persisted, current) => ({ ...current, ...sanitizeSettings(persisted) }),
    },
  ),
);

// Startup URL overrides (see the header comment). localStorage hydration is synchronous, so the
// stored settings are already in place here and the override wins, then gets saved.
if (typeof location !== 'undefined') {
  const overrides = urlOverrides(location.search);
  if (Object.keys(overrides).length > 0) useSettings.setState(overrides);
}
