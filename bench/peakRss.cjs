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

// BENCH_CPU_PROFILE_DIR: also record a CPU profile of the whole process, as
// `node --cpu-prof` would (which NODE_OPTIONS does not allow), written at exit.
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
if (profileDir) {
	const inspector = require('inspector');
	const session = new inspector.Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 1000 });
	session.post('Profiler.start');
	// And every collection (kind, start, duration), on the profile's clock (µs), for summarise.cjs's window.
	const { PerformanceObserver, performance } = require('perf_hooks');
	const originMicros = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
	const collections = [];
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) collections.push([entry.detail.kind, Math.round(originMicros + entry.startTime * 1000), Math.round(entry.duration * 1000)]);
	});
	observer.observe({ entryTypes: ['gc'] });
	process.on('exit', () => {
		writeFileSync(join(profileDir, `${process.pid}.gc.json`), JSON.stringify(collections));
		// On the main thread the session answers synchronously, so this completes before exit.
		session.post('Profiler.stop', (error, result) => {
			if (!error) writeFileSync(join(profileDir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
		});
	});
}
