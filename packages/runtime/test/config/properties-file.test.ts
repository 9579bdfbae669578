import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { parseProperties, readPropertiesFile } from '../../src/config/properties-file.js';

describe('parseProperties', () => {
  it('reads key=value, key:value and key value, trimming around the separator only', () => {
    assert.deepEqual(parseProperties('a=1\nb:2\nc 3\n  d = 4  \ne\t:\t5\nf   =   \n'), {
      a: '1',
      b: '2',
      c: '3',
      d: '4  ',
      e: '5',
      f: '',
    });
  });

  it('skips # and ! comments and blank lines, but not # inside a value', () => {
    assert.deepEqual(parseProperties('# comment\n! other\n\n   \n  # indented comment\nurl=http://h/#frag\n'), {
      url: 'http://h/#frag',
    });
  });

  it('takes a key alone as an empty value, and only one separator after white space', () => {
    assert.deepEqual(parseProperties('alone\nk = =v\nm  :x'), { alone: '', k: '=v', m: 'x' });
  });

  it('joins continued lines, dropping the next line leading white space', () => {
    assert.deepEqual(parseProperties('list=a,\\\n    b,\\\n\tc\nnext=1'), { list: 'a,b,c', next: '1' });
  });

  it('does not continue a line ending in an escaped backslash', () => {
    assert.deepEqual(parseProperties('path=C:\\\\dir\\\\\nnext=1'), { path: 'C:\\dir\\', next: '1' });
  });

  it('does not treat a continuation line starting with # as a comment', () => {
    assert.deepEqual(parseProperties('a=x\\\n#y'), { a: 'x#y' });
  });

  it('ends a continuation at a blank line and drops a trailing backslash at the end of input', () => {
    assert.deepEqual(parseProperties('a=x\\\n\nb=y\\'), { a: 'x', b: 'y' });
  });

  it('a comment line ending in a backslash does not swallow the next line', () => {
    assert.deepEqual(parseProperties('# comment \\\nkey=value'), { key: 'value' });
  });

  it('resolves escapes in keys and values', () => {
    assert.deepEqual(parseProperties('tab\\tkey=a\\tb\\nc\\rd\\fe\nu=\\u00e9\\u0041\nsp\\ ace\\=k\\:=v\\q'), {
      'tab\tkey': 'a\tb\nc\rd\fe',
      u: 'éA',
      'sp ace=k:': 'vq',
    });
  });

  it('rejects a malformed \\u escape', () => {
    assert.throws(() => parseProperties('k=\\u12g4'), (e: unknown) => e instanceof ConfigException && /Malformed \\uxxxx/.test(e.message));
  });

  it('accepts \\r\\n and \\r line ends; the last duplicate wins', () => {
    assert.deepEqual(parseProperties('a=1\r\nb=2\rc=3\r\na=4'), { a: '4', b: '2', c: '3' });
  });
});

describe('readPropertiesFile', () => {
  it('reads a file as ISO-8859-1 by default, as Kafka does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'props-'));
    try {
      const file = join(dir, 'x.properties');
      await writeFile(file, Buffer.from([0x6b, 0x3d, 0xe9])); // k=é in Latin-1
      assert.deepEqual(await readPropertiesFile(file), { k: 'é' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
