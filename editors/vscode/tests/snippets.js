// Every snippet (snippets/jiuze.json), expanded with its default texts, must
// be a valid .jz statement for the real parser: a drafter who accepts a
// snippet as offered gets a file that parses.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findPython, larkTokens } = require('./lark');

const SNIPPETS = require('../snippets/jiuze.json');

/** The text VS Code inserts when every placeholder keeps its default. */
function expand(body) {
  let text = body.join('\n');
  let previous;
  do {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1'); // innermost ${n:default}
  } while (text !== previous);
  return text.replace(/\$\{\d+\}|\$\d+/g, '');
}

function main() {
  const python = findPython();
  if (!python) {
    const message = '找不到装有 lark 的 Python（设置 JIUZE_PYTHON）';
    if (process.env.CI) throw new Error(message);
    console.log(`snippets: 跳过：${message}`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuze-snippets-'));
  const names = Object.keys(SNIPPETS);
  const files = names.map((name, i) => {
    const file = path.join(dir, `${i}.jz`);
    fs.writeFileSync(file, `${expand(SNIPPETS[name].body)}\n`);
    return file;
  });
  const problems = larkTokens(python, files)
    .map((result, i) => (result.error ? `「${names[i]}」展开后不能解析：${result.error}\n${fs.readFileSync(files[i], 'utf8')}` : null))
    .filter(Boolean);
  fs.rmSync(dir, { recursive: true });
  console.log(`snippets: ${names.length} 个代码片段，${problems.length} 个展开后不能解析`);
  problems.forEach((p) => console.log(`  ${p}`));
  if (problems.length) process.exitCode = 1;
}

main();
