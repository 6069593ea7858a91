// Builds syntaxes/jiuze.tmLanguage.json from the readable fragments below.
//
// Why a generator: the same character classes (what a name may contain, what
// counts as a whole word) appear in a dozen regexes; writing them once here
// keeps them in step with grammar/jiuze.lark.  `npm test` checks that the
// committed JSON is what this script produces.
//
//   node syntaxes/build.js          write the JSON
//   node syntaxes/build.js --check  exit 1 if the JSON is stale
'use strict';
const fs = require('fs');
const path = require('path');

// grammar/jiuze.lark, section "words".
const CJK = '\\x{3400}-\\x{4dbf}\\x{4e00}-\\x{9fff}\\x{f900}-\\x{faff}';
const NAME_CHAR = `A-Za-z0-9_${CJK}`;
const NAME = `[a-z${CJK}][${NAME_CHAR}]*`;
const NUMERAL = '0-9零〇一二两三四五六七八九十百千';
const ARTICLE =
  `第[${NUMERAL}]+[条款项](?:第[${NUMERAL}（）()]+[条款项])*` +
  `|第[（(][${NUMERAL}]+[）)]项`;
const DATE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const END = '[。.]';
// Where a parenthesis left open while typing stops: the end of the line or a
// character no argument list contains.  Atoms spanning lines are legal but
// none of the shipped rulebooks writes one; a typo then spoils one line only.
const UNCLOSED = '(?=[。.{}｛｝])|$';

// Keywords are whole words (the Lark lexer retypes a NAME equal to a keyword
// and leaves longer names alone): 且并非未成年人 is one name.
// A keyword right before an opening parenthesis names an atom instead
// (应当(P) in a rule body is a predicate called 应当).
const word = (alternatives) =>
  `(?<![${NAME_CHAR}])(?:${alternatives})(?![${NAME_CHAR}]|\\s*[(（])`;
const keyword = (alternatives, name) => ({ match: word(alternatives), name });

const S = (scope) => `${scope}.jiuze`;

const repository = {
  comment: {
    patterns: [
      {
        match: '(#).*$',
        name: S('comment.line.number-sign'),
        captures: { 1: { name: S('punctuation.definition.comment') } },
      },
      {
        match: '(//).*$',
        name: S('comment.line.double-slash'),
        captures: { 1: { name: S('punctuation.definition.comment') } },
      },
    ],
  },
  string: {
    patterns: [
      stringRule('"', '"', 'string.quoted.double', []),
      stringRule('“', '”', 'string.quoted.other.curly', []),
    ],
  },
  // A reading (读作 "{警察}是{案件}的办案人") names the arguments in braces.
  'reading-string': {
    patterns: [
      stringRule('"', '"', 'string.quoted.double', [{ include: '#placeholder' }]),
      stringRule('“', '”', 'string.quoted.other.curly', [{ include: '#placeholder' }]),
    ],
  },
  placeholder: {
    match: '\\{[^{}"”\\n]*\\}',
    name: S('constant.other.placeholder'),
  },
  article: { match: ARTICLE, name: S('entity.name.type.article') },
  date: { match: DATE, name: S('constant.numeric.date') },
  integer: { match: '[0-9]+', name: S('constant.numeric.integer') },
  variable: {
    patterns: [
      { match: word('_'), name: S('variable.language.anonymous') },
      { match: `[A-Z_][A-Za-z0-9_]*|[?？][A-Za-z0-9_${CJK}]+`, name: S('variable.other') },
    ],
  },
  constant: { match: NAME, name: S('constant.other.symbol') },
  operator: {
    patterns: [
      { match: '!=|<=|>=|<|>|≠|≤|≥', name: S('keyword.operator.comparison') },
      { match: '=|＝', name: S('keyword.operator.assignment') },
      { match: '[+\\-*]', name: S('keyword.operator.arithmetic') },
    ],
  },
  punctuation: {
    patterns: [
      { match: END, name: S('punctuation.terminator.statement') },
      { match: '[,，、]', name: S('punctuation.separator.comma') },
      { match: '[:：]', name: S('punctuation.separator.colon') },
      { match: '[{｛]', name: S('punctuation.section.block.begin') },
      { match: '[}｝]', name: S('punctuation.section.block.end') },
      { match: '[(（]', name: S('punctuation.section.parens.begin') },
      { match: '[)）]', name: S('punctuation.section.parens.end') },
    ],
  },
  // The terms an argument or a comparison side may be.
  term: {
    patterns: [
      { include: '#comment' },
      { include: '#string' },
      { include: '#date' },
      { include: '#integer' },
      { include: '#variable' },
      { include: '#parenthesized' },
      { include: '#constant' },
      { include: '#operator' },
      { match: '[,，、]', name: S('punctuation.separator.comma') },
    ],
  },
  // 执法过错情形(P, C, 1): inside the parentheses only terms, so a keyword
  // spelled as an argument (责任程度(P, C, 全部)) is a constant, as in Lark.
  atom: atomRule([
    ['若|:-', 'keyword.control.conditional'],
    ['且|and', 'keyword.operator.wordlike.logical'],
  ]),
  'contrary-atom': atomRule([['与|with', 'keyword.other.contrary']]),
  parenthesized: {
    begin: '[(（]',
    beginCaptures: { 0: { name: S('punctuation.section.parens.begin') } },
    end: `[)）]|${UNCLOSED}`,
    endCaptures: { 0: { name: S('punctuation.section.parens.end') } },
    patterns: [{ include: '#term' }],
  },
  // 谓词 办案人(警察, 案件) 读作 "{警察}是{案件}的办案人"。
  declaration: {
    name: S('meta.declaration.predicate'),
    begin: `(${word('谓词|predicate')})\\s*(${NAME})?`,
    beginCaptures: {
      1: { name: S('keyword.other.declaration') },
      2: { name: S('entity.name.function.predicate.declaration') },
    },
    end: END,
    endCaptures: { 0: { name: S('punctuation.terminator.statement') } },
    patterns: [
      { include: '#comment' },
      keyword('读作|reads', S('keyword.other.reads')),
      { include: '#reading-string' },
      {
        begin: '[(（]',
        beginCaptures: { 0: { name: S('punctuation.section.parens.begin') } },
        end: '[)）]',
        endCaptures: { 0: { name: S('punctuation.section.parens.end') } },
        patterns: [
          { include: '#comment' },
          { match: `${NAME}|[A-Z_][A-Za-z0-9_]*|[?？][A-Za-z0-9_${CJK}]+`, name: S('variable.parameter') },
          { match: '[,，、]', name: S('punctuation.separator.comma') },
        ],
      },
    ],
  },
  // 条文 第六条第（五）项 有效 1999-06-02 至 2013-12-28 "说明"。
  'article-meta': {
    name: S('meta.article-meta'),
    begin: word('条文|article'),
    beginCaptures: { 0: { name: S('keyword.other.article') } },
    end: END,
    endCaptures: { 0: { name: S('punctuation.terminator.statement') } },
    patterns: [
      { include: '#comment' },
      { include: '#article' },
      keyword('全部|all', S('constant.language.all')),
      keyword('宣示性|declaratory|有效|valid|至|until', S('keyword.other.article-meta')),
      { include: '#date' },
      { include: '#string' },
    ],
  },
  // 互斥 应当追究(P, C) 与 不予追究(P, C)。
  contrary: {
    name: S('meta.contrary'),
    begin: word('互斥|contrary'),
    beginCaptures: { 0: { name: S('keyword.other.contrary') } },
    end: END,
    endCaptures: { 0: { name: S('punctuation.terminator.statement') } },
    patterns: [
      { include: '#comment' },
      keyword('与|with', S('keyword.other.contrary')),
      { include: '#contrary-atom' },
    ],
  },
  // 参数 申诉答复期限天数 = 30 （不得大于）。   设定 申诉答复期限天数 = 15 ［偏离 "理由"］。
  parameter: {
    name: S('meta.parameter'),
    begin: `${word('参数|设定')}|${word('parameter|set')}(?=\\s+${NAME}\\s*=)`,
    beginCaptures: { 0: { name: S('keyword.other.parameter') } },
    end: END,
    endCaptures: { 0: { name: S('punctuation.terminator.statement') } },
    patterns: [
      { include: '#comment' },
      keyword('不得大于|不得小于|at_most|at_least', S('keyword.other.parameter.direction')),
      keyword('偏离|deviation', S('keyword.other.overlay')),
      { include: '#string' },
      { include: '#integer' },
      { include: '#operator' },
      { include: '#punctuation' },
      { include: '#constant' },
    ],
  },
  // 依据 全国。  依据 "../henan"。
  base: {
    name: S('meta.overlay.base'),
    begin: `${word('依据')}|${word('base')}(?=\\s*(?:national|["“]))`,
    beginCaptures: { 0: { name: S('keyword.other.overlay') } },
    end: END,
    endCaptures: { 0: { name: S('punctuation.terminator.statement') } },
    patterns: [
      { include: '#comment' },
      keyword('全国|national', S('constant.language.national')),
      { include: '#string' },
    ],
  },
  overlay: {
    patterns: [
      keyword('办法名称|制定机关|施行日期|修改|废止|增加|偏离', S('keyword.other.overlay')),
      { match: `${word('name|issuer|deviation')}(?=\\s*["“])`, name: S('keyword.other.overlay') },
      { match: `${word('effective')}(?=\\s*[0-9])`, name: S('keyword.other.overlay') },
      { match: `${word('amend|repeal|add')}(?=\\s*第)`, name: S('keyword.other.overlay') },
    ],
  },
  // 场景 "名称" ｛ … 应有：原子。 应无：原子。 ｝
  scenario: {
    match: `(${word('场景|scenario')})\\s*(${NAME})?`,
    captures: {
      1: { name: S('keyword.other.scenario') },
      2: { name: S('entity.name.section.scenario') },
    },
  },
  keywords: {
    patterns: [
      { match: ':-', name: S('keyword.control.conditional') },
      keyword('若', S('keyword.control.conditional')),
      // "wordlike": Dark+/Light+ colour keyword.operator.wordlike as keywords,
      // so 且 and 并非 stand out as clearly as 若.
      keyword('且|and|并非|not', S('keyword.operator.wordlike.logical')),
      keyword('计数|count', S('keyword.other.aggregate')),
      keyword('应有|应无|expect', S('keyword.control.expect')),
      keyword('优先于|overrides', S('keyword.other.priority')),
      keyword('严格|可废|阻却|strict|defeasible|defeater', S('storage.modifier.strength')),
      keyword('应当|可以|不得|must_not|must|may', S('storage.modifier.modality')),
      // A rule's own period: … 有效 1999-06-02 至 2013-12-28。
      { match: `${word('有效|valid')}(?=\\s*[0-9]{4}-)`, name: S('keyword.other.article-meta') },
      { match: `${word('至|until')}(?=\\s*[0-9]{4}-)`, name: S('keyword.other.article-meta') },
    ],
  },
};

// An atom's closing parenthesis may be followed, even without a space, by a
// keyword: there the contextual lexer accepts no name, so 办案人(P, C) 且并非q(P)
// reads 且 + 并非q.  `followers` are [keywords regex, scope] pairs.
function atomRule(followers) {
  const endCaptures = { 1: { name: S('punctuation.section.parens.end') } };
  followers.forEach(([, scope], i) => {
    endCaptures[i + 2] = { name: S(scope) };
  });
  const after = followers.map(([words]) => `(${words})`).join('|');
  return {
    name: S('meta.atom'),
    begin: `(${NAME})\\s*([(（])`,
    beginCaptures: {
      1: { name: S('entity.name.function.predicate') },
      2: { name: S('punctuation.section.parens.begin') },
    },
    end: `([)）])(?:\\s*(?:${after}))?|${UNCLOSED}`,
    endCaptures,
    patterns: [{ include: '#term' }],
  };
}

function stringRule(open, close, scope, inner) {
  return {
    name: S(scope),
    begin: open,
    beginCaptures: { 0: { name: S('punctuation.definition.string.begin') } },
    end: `(${close})|$`,
    endCaptures: { 1: { name: S('punctuation.definition.string.end') } },
    patterns: inner,
  };
}

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'jiuze',
  scopeName: 'source.jiuze',
  fileTypes: ['jz'],
  comment: 'Generated by syntaxes/build.js from grammar/jiuze.lark; edit build.js, not this file.',
  patterns: [
    { include: '#comment' },
    { include: '#declaration' },
    { include: '#article-meta' },
    { include: '#contrary' },
    { include: '#base' },
    { include: '#parameter' },
    { include: '#scenario' },
    { include: '#overlay' },
    { include: '#article' },
    { include: '#keywords' },
    { include: '#atom' },
    { include: '#string' },
    { include: '#date' },
    { include: '#integer' },
    { include: '#variable' },
    { include: '#constant' },
    { include: '#operator' },
    { include: '#punctuation' },
  ],
  repository,
};

const target = path.join(__dirname, 'jiuze.tmLanguage.json');
const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('syntaxes/jiuze.tmLanguage.json 与 syntaxes/build.js 不一致：请运行 node syntaxes/build.js');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
}
