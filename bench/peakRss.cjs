// Preloaded into the n8n process by the benchmarks (NODE_OPTIONS=--require):
// when the process exits, it writes its own peak resident set size
// (getrusage ru_maxrss, the kernel's VmHWM: exact, not sampled) to
// $BENCH_PEAK_RSS_DIR/<pid>.json. Any child process that inherits
// NODE_OPTIONS (e.g. a task runner) reports itself the same way.
'use strict';
const { writeFileSync } = require('fs');
const { join } = require('path');

const dir = process.env.BENCH_PEAK_RSS_DIR;
if (dir) {
	process.on('exit', () => {
		const report = {
			pid: process.pid,
			ppid: process.ppid,
			script: process.argv.slice(1, 3).join(' '),
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
		};
		try {
			writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(report));
		} catch {
			// A benchmark figure is lost; the process must still exit normally.
		}
	});
}
