#!/usr/bin/env node
// Does whatever set-up is missing, and nothing else: system libraries, npm packages (with the
// native Kafka client built offline), the TypeScript build, and the Maven Central jars of the
// real services. Every step checks first, so a second run takes seconds.
//
//   node scripts/setup.mjs [--for=start|test]
//
// Plain Node with no dependencies: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const purpose = (process.argv.find((a) => a.startsWith('--for=')) ?? '--for=test').slice('--for='.length);

// Debian packages: the build chain and libraries @confluentinc/kafka-javascript links against
// when built with CKJS_LINKING=dynamic, unixODBC and its drivers, Java and Maven.
const DEBIAN_PACKAGES = [
  'build-essential', 'python3', 'pkg-config',
  'libssl-dev', 'zlib1g-dev', 'libzstd-dev', 'liblz4-dev', 'libsasl2-dev', 'libcurl4-openssl-dev',
  'unixodbc', 'unixodbc-dev', 'odbc-postgresql', 'odbc-mariadb', 'libsqliteodbc',
];
// Only the tests need these: the console's browser tests drive Debian's Chromium (never a downloaded one).
const TEST_DEBIAN_PACKAGES = ['chromium'];
const COMMANDS = { java: 'openjdk-17-jdk-headless', mvn: 'maven' };

function log(message) {
  console.log(`setup: ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    console.error(`setup: ${command} ${args.join(' ')} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function missingDebianPackages() {
  const wanted = purpose === 'test' ? [...DEBIAN_PACKAGES, ...TEST_DEBIAN_PACKAGES] : DEBIAN_PACKAGES;
  const missing = wanted.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  for (const [command, pkg] of Object.entries(COMMANDS)) if (!hasCommand(command)) missing.push(pkg);
  return missing;
}

function ensureSystemPackages() {
  if (!hasCommand('dpkg-query')) {
    log(`not a Debian system: make sure these are installed: ${DEBIAN_PACKAGES.join(' ')}, Java 17+ and Maven`);
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return log('system packages present');
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
    console.error(`setup: missing system packages: ${missing.join(' ')}\nsetup: install them as root with:\n  ${command}`);
    process.exit(1);
  }
  log(`installing ${missing.join(' ')}`);
  run('sh', ['-c', command], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function workspacePackageFiles() {
  const files = ['package.json', 'package-lock.json'];
  for (const group of ['packages', 'plugins']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (existsSync(join(dir, name, 'package.json'))) files.push(join(group, name, 'package.json'));
    }
  }
  files.push(join('test', 'package.json'));
  return files.filter((f) => existsSync(join(root, f)));
}

const NATIVE_KAFKA_ADDON = 'node_modules/@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node';
// The JDBC plugin's ODBC parameter-array addon. npm 11 does not run a workspace's own node-gyp
// build on install, so it is built here when missing or older than its sources, with npm's own
// node-gyp (a few seconds).
const ODBC_BULK_ADDON = 'plugins/jdbc/build/Release/odbc_bulk.node';
const ODBC_BULK_SOURCES = ['plugins/jdbc/binding.gyp', 'plugins/jdbc/native/odbc-bulk.cc'];

function odbcBulkAddonCurrent() {
  const built = join(root, ODBC_BULK_ADDON);
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return ODBC_BULK_SOURCES.every((source) => statSync(join(root, source)).mtimeMs <= builtAt);
}

function ensureOdbcBulkAddon(env) {
  if (odbcBulkAddonCurrent()) return;
  log('building the JDBC plugin\'s ODBC addon');
  run('npm', ['run', 'build:native', '--workspace', '@tsconnect/plugin-jdbc'], { env });
}

// Our packed consume path (packages/runtime/native/packed-consume.cc) is compiled into the Kafka
// client's addon: the file is copied beside the binding's sources, listed in its binding.gyp and
// registered as the native consumer's `consumePacked`, then the addon is rebuilt incrementally
// (seconds: librdkafka itself is not rebuilt). Every edit is checked against its anchor, so a new
// binding version that moved one fails here, loudly, instead of at run time.
const KAFKA_PACKAGE = 'node_modules/@confluentinc/kafka-javascript';
const PACKED_CONSUME_SOURCE = 'packages/runtime/native/packed-consume.cc';
const PACKED_CONSUME_COPY = `${KAFKA_PACKAGE}/src/tsconnect-packed-consume.cc`;
const PACKED_CONSUME_EDITS = [
  {
    file: `${KAFKA_PACKAGE}/binding.gyp`,
    anchor: "'src/admin.cc'\n",
    replacement: "'src/admin.cc',\n        'src/tsconnect-packed-consume.cc'\n",
  },
  {
    file: `${KAFKA_PACKAGE}/src/kafka-consumer.cc`,
    anchor: 'namespace NodeKafka {\n',
    replacement: 'namespace NodeKafka {\n\nNAN_METHOD(KafkaConsumerConsumePacked);  // tsconnect-packed-consume.cc\n',
  },
  {
    file: `${KAFKA_PACKAGE}/src/kafka-consumer.cc`,
    anchor: 'Nan::SetPrototypeMethod(tpl, "consume", NodeConsume);\n',
    replacement:
      'Nan::SetPrototypeMethod(tpl, "consume", NodeConsume);\n  Nan::SetPrototypeMethod(tpl, "consumePacked", KafkaConsumerConsumePacked);\n',
  },
];

function packedConsumeCurrent() {
  const copy = join(root, PACKED_CONSUME_COPY);
  const addon = join(root, NATIVE_KAFKA_ADDON);
  if (!existsSync(copy) || !existsSync(addon)) return false;
  if (!readFileSync(copy).equals(readFileSync(join(root, PACKED_CONSUME_SOURCE)))) return false;
  if (!PACKED_CONSUME_EDITS.every(({ file, replacement }) => readFileSync(join(root, file), 'utf8').includes(replacement))) return false;
  return statSync(addon).mtimeMs >= statSync(copy).mtimeMs;
}

function ensurePackedConsume(env) {
  if (packedConsumeCurrent()) return;
  log('compiling the packed consume path into the native Kafka client (seconds)');
  for (const { file, anchor, replacement } of PACKED_CONSUME_EDITS) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    if (text.includes(replacement)) continue;
    if (!text.includes(anchor)) {
      console.error(`setup: ${file} no longer has ${JSON.stringify(anchor)}; the packed consume path needs updating for this @confluentinc/kafka-javascript`);
      process.exit(1);
    }
    writeFileSync(path, text.replace(anchor, replacement));
  }
  writeFileSync(join(root, PACKED_CONSUME_COPY), readFileSync(join(root, PACKED_CONSUME_SOURCE)));
  const nodeGyp = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  run(process.execPath, [nodeGyp, 'configure', 'build'], { env, cwd: join(root, KAFKA_PACKAGE) });
}

function buildEnv() {
  const env = {
    ...process.env,
    // Link librdkafka against Debian's libraries instead of downloading their sources, and build
    // native addons from source instead of fetching prebuilt binaries (only the npm registry is reachable).
    CKJS_LINKING: 'dynamic',
    npm_config_build_from_source: 'true',
  };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

function ensureNodeModules() {
  const hash = createHash('sha256').update(process.version);
  for (const file of workspacePackageFiles()) hash.update(file).update(readFileSync(join(root, file)));
  const digest = hash.digest('hex');
  const stampFile = join(root, 'node_modules', '.tsconnect-setup-stamp');
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (stamp === digest && existsSync(join(root, NATIVE_KAFKA_ADDON))) {
    ensureOdbcBulkAddon(buildEnv());
    ensurePackedConsume(buildEnv());
    return log('npm packages up to date');
  }

  log('installing npm packages (the first time builds the native Kafka client from source: about 2 minutes)');
  const env = buildEnv();
  run('npm', ['install', '--no-audit', '--no-fund'], { env });
  ensureOdbcBulkAddon(env);
  ensurePackedConsume(env);
  for (const addon of [NATIVE_KAFKA_ADDON, ODBC_BULK_ADDON]) {
    if (existsSync(join(root, addon))) continue;
    console.error(`setup: npm install finished but ${addon} is missing; see the output above`);
    process.exit(1);
  }
  // Re-hash: npm install may have rewritten package-lock.json.
  const after = createHash('sha256').update(process.version);
  for (const file of workspacePackageFiles()) after.update(file).update(readFileSync(join(root, file)));
  writeFileSync(stampFile, after.digest('hex'));
}

function build() {
  log('building (tsc -b, incremental)');
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-b']);
}

async function fetchServices() {
  const infra = await import(join(root, 'packages/testinfra/dist/src/index.js'));
  // `npm start` runs the newest broker; tests compare with the Java worker of every pinned version.
  const versions = purpose === 'test' ? infra.KAFKA_VERSIONS : [infra.KAFKA_LATEST_VERSION];
  for (const version of versions) {
    await infra.fetchKafkaBrokerLibs(version);
    log(`Kafka ${version} broker jars cached in ${infra.cacheDir()}`);
  }
  if (purpose === 'test') {
    for (const version of versions) await infra.fetchJavaConnectLibs(version);
    await infra.fetchApicurio();
    log(`Java Connect workers (${versions.join(', ')}) and Apicurio Registry ${infra.APICURIO_VERSION} cached`);
  }
}

ensureSystemPackages();
ensureNodeModules();
build();
await fetchServices();
