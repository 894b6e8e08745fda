/**
 * The folder graph of src/ and its cycles, from dependency-cruiser's module graph.
 *
 * Folders are counted as issue 12 counts them: `src/<folder>`, and each app `src/panels/<app>`;
 * the entry files directly in src/ are `src`. A cycle between folders is a group of folders that
 * all reach one another (a strongly connected component of more than one folder).
 *
 *   node scripts/folderGraph.mjs            prints the graph and its cycles
 *   node scripts/folderGraph.mjs --check    only the cycles; exits 1 if there is one (no import is
 *                                           exempt: the check has no allowlist)
 *   --root DIR / --config FILE              another checkout (e.g. to print an older commit's graph)
 */
import { execFileSync } from 'node:child_process';
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

/** folder → folder → the imports behind that arrow, [from file, to file]. */
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
    targets.get(to).push([module.source, dependency.resolved]);
  }
}

/** Tarjan's strongly connected components of the folder graph. */
function cycles() {
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
    for (const to of (edges.get(folder) ?? new Map()).keys()) {
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

function describe(groups) {
  const inCycles = new Set(groups.flat());
  let mutual = 0;
  for (const [from, targets] of edges) {
    for (const to of targets.keys()) {
      if (from < to && edges.get(to)?.has(from)) mutual += 1;
    }
  }
  const lines = [`  cycles (groups of folders that all reach one another): ${groups.length}`];
  lines.push(`  folders in a cycle: ${inCycles.size} of ${folders.size}; pairs importing each other: ${mutual}`);
  groups.forEach((group, i) => lines.push(`  ${i + 1}. ${group.join(', ')}`));
  return lines.join('\n');
}

const all = cycles();

const edgeCount = [...edges.values()].reduce((sum, targets) => sum + targets.size, 0);
console.log(`Folder graph of src/ (dependency-cruiser module graph, folders: src/<folder>, src/panels/<app>)`);
console.log(`folders: ${folders.size}, arrows between folders: ${edgeCount}`);
if (!check) {
  console.log();
  for (const from of [...folders].sort()) {
    const targets = [...(edges.get(from) ?? new Map()).entries()].sort(([a], [b]) => a.localeCompare(b));
    const shown = targets.map(([to, imports]) => `${to} (${imports.length})`);
    console.log(`${from} → ${shown.join(', ') || '(nothing)'}`);
  }
}
console.log(`\nAll imports:\n${describe(all)}`);

if (check && all.length > 0) {
  console.error('\nA cycle between folders. Imports along it (move code so that one direction disappears):');
  for (const group of all) {
    for (const from of group) {
      for (const [to, imports] of edges.get(from) ?? []) {
        if (!group.includes(to)) continue;
        for (const [fromFile, toFile] of imports) console.error(`  ${fromFile} → ${toFile}`);
      }
    }
  }
  process.exit(1);
}
