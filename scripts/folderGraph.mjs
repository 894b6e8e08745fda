/**
 * The folder graph of src/ and its cycles, from dependency-cruiser's module graph.
 *
 * Folders are counted as issue 12 counts them: `src/<folder>`, and each app `src/panels/<app>`;
 * the entry files directly in src/ are `src`. A cycle between folders is a group of folders that
 * all reach one another (a strongly connected component of more than one folder).
 *
 *   node scripts/folderGraph.mjs            prints the graph and its cycles
 *   node scripts/folderGraph.mjs --check    only the cycles; exits 1 if one remains once the
 *                                           imports allowlisted in .dependency-cruiser.cjs are left out
 *   --root DIR / --config FILE              another checkout (e.g. to print an older commit's graph)
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const root = path.resolve(option('--root', repo));
const configFile = path.resolve(option('--config', path.join(repo, '.dependency-cruiser.cjs')));
const check = args.includes('--check');

const require = createRequire(import.meta.url);
const config = require(configFile);
const depcruise = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const json = execFileSync(process.execPath, [depcruise, 'src', '--config', configFile, '--output-type', 'json', '--no-progress'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const { modules } = JSON.parse(json);

function folderOf(file) {
  const match = /^src\/(panels\/[^/]+|[^/]+)\//.exec(file);
  if (match) return match[1];
  return /^src\/[^/]+$/.test(file) ? 'src' : null;
}

/** [file, folder pattern]: `panels/*` matches every app folder. */
const allowlist = (config.folderCycleAllowlist ?? []).map(([file, folder]) => ({
  file,
  folder: new RegExp(`^${folder.replace('*', '[^/]+')}$`),
}));
const allowlisted = (file, folder) => allowlist.some((entry) => entry.file === file && entry.folder.test(folder));

/** folder → folder → the imports behind that arrow, [from file, to file, allowlisted]. */
const edges = new Map();
const folders = new Set();
for (const module of modules) {
  const from = folderOf(module.source);
  if (from === null) continue;
  folders.add(from);
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved);
    if (to === null || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const targets = edges.get(from);
    if (!targets.has(to)) targets.set(to, []);
    targets.get(to).push([module.source, dependency.resolved, allowlisted(module.source, to)]);
  }
}

/** Tarjan's strongly connected components over the folder edges `keep` accepts. */
function cycles(keep) {
  let index = 0;
  const indices = new Map();
  const lowlinks = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (folder) => {
    indices.set(folder, index);
    lowlinks.set(folder, index);
    index += 1;
    stack.push(folder);
    onStack.add(folder);
    for (const [to, imports] of edges.get(folder) ?? []) {
      if (!keep(imports)) continue;
      if (!indices.has(to)) {
        visit(to);
        lowlinks.set(folder, Math.min(lowlinks.get(folder), lowlinks.get(to)));
      } else if (onStack.has(to)) {
        lowlinks.set(folder, Math.min(lowlinks.get(folder), indices.get(to)));
      }
    }
    if (lowlinks.get(folder) === indices.get(folder)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== folder);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const folder of [...folders].sort()) if (!indices.has(folder)) visit(folder);
  return groups;
}

function describe(groups, keep) {
  const inCycles = new Set(groups.flat());
  let mutual = 0;
  for (const [from, targets] of edges) {
    for (const [to, imports] of targets) {
      if (from < to && keep(imports) && edges.get(to)?.get(from) && keep(edges.get(to).get(from))) mutual += 1;
    }
  }
  const lines = [`  cycles (groups of folders that all reach one another): ${groups.length}`];
  lines.push(`  folders in a cycle: ${inCycles.size} of ${folders.size}; pairs importing each other: ${mutual}`);
  groups.forEach((group, i) => lines.push(`  ${i + 1}. ${group.join(', ')}`));
  return lines.join('\n');
}

const everyImport = () => true;
const notAllowlisted = (imports) => imports.some(([, , isAllowlisted]) => !isAllowlisted);
const all = cycles(everyImport);
const remaining = cycles(notAllowlisted);

const edgeCount = [...edges.values()].reduce((sum, targets) => sum + targets.size, 0);
console.log(`Folder graph of src/ (dependency-cruiser module graph, folders: src/<folder>, src/panels/<app>)`);
console.log(`folders: ${folders.size}, arrows between folders: ${edgeCount}`);
if (!check) {
  console.log();
  for (const from of [...folders].sort()) {
    const targets = [...(edges.get(from) ?? new Map()).entries()].sort(([a], [b]) => a.localeCompare(b));
    const shown = targets.map(([to, imports]) => `${to} (${imports.length}${notAllowlisted(imports) ? '' : ', allowlisted'})`);
    console.log(`${from} → ${shown.join(', ') || '(nothing)'}`);
  }
}
console.log(`\nAll imports:\n${describe(all, everyImport)}`);
console.log(`\nWithout the temporary allowlist of .dependency-cruiser.cjs (${allowlist.length} entries):\n${describe(remaining, notAllowlisted)}`);

if (check && remaining.length > 0) {
  console.error('\nA cycle between folders that the allowlist does not cover. Imports along it:');
  for (const group of remaining) {
    for (const from of group) {
      for (const [to, imports] of edges.get(from) ?? []) {
        if (!group.includes(to)) continue;
        for (const [fromFile, toFile, isAllowlisted] of imports) if (!isAllowlisted) console.error(`  ${fromFile} → ${toFile}`);
      }
    }
  }
  process.exit(1);
}
