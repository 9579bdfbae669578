// Preloaded with --import into a process to profile (node does not take --cpu-prof from
// NODE_OPTIONS): profiles from start until SIGUSR2 (or exit) and writes a .cpuprofile into
// TSCONNECT_CPU_PROFILE_DIR.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TSCONNECT_CPU_PROFILE_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
let written = false;
function write() {
  if (written) return;
  written = true;
  // An in-thread inspector session answers synchronously, so this completes inside an exit handler.
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.on('SIGUSR2', write);
process.on('exit', write);
