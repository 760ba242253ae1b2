/**
 * Keeps V8's minor collections (scavenges) coming while a large input streams
 * through the node, so that the chunks already read are freed as they go.
 *
 * Why: every chunk n8n hands over (its binary store's file reads, a
 * download's socket reads) is a fresh Buffer whose bytes live outside V8's
 * heap; they are freed only when the small Buffer object on the heap is
 * collected. While streaming, the node allocates almost nothing on the heap,
 * so no scavenge runs and the dead chunks pile up until, at ~64 MB of them
 * (V8's limit for memory outside the heap), V8 marks n8n's whole heap of
 * hundreds of MB to free them. Measured inside n8n 2.41.1 (bench/README.md,
 * "Large file: where the time goes"): 4 full marks per 256 MiB uploaded, a
 * third of n8n's CPU during the upload; in a small process (axios alone) the
 * same chunks cost almost nothing, its heap being small.
 *
 * So for every byte read the node allocates three bytes of short-lived heap
 * objects: V8 scavenges when its young generation is full, which holds 21 MB
 * in a fresh Node 24 process and grows to ~94 MB in a process that kept many
 * young objects alive (seen with --trace-gc in bench/profile/urlPath.ts);
 * three bytes a byte keep a scavenge within every ~32 MB read at the largest,
 * long before the 64 MB, and a scavenge costs only the few objects still
 * alive. (One byte a byte was enough in n8n's own process for the binary
 * file, not in the larger young generation: there, 6 full marks per 256 MiB
 * were left.) Allocating costs ~0.15 ns a byte, ~0.12 s per 256 MiB at
 * three; the full marks it avoids cost ~0.5 to 1.5 s of CPU. A community node
 * has no other lever: it cannot read n8n's store into reused buffers (no
 * `fs`), call the collector, or set n8n's heap flags.
 */

/** 8,192 small integers: 64 KiB of the heap on 64-bit Node, under V8's large-object size, so each copy is born young. */
const SLAB = new Array<number>(8192).fill(0);
const SLAB_BYTES = SLAB.length * 8;

let owedBytes = 0;
/** The latest copy, kept where the optimiser can see it escape, so that the allocation is never removed. */
export let latestSlab: number[] = SLAB;

/** Short-lived heap bytes allocated per byte read (see above). */
const HEAP_BYTES_PER_BYTE_READ = 3;

/** Counts bytes just read from an input; allocates one short-lived slab per 64 KiB owed. */
export function paceYoungGeneration(bytesRead: number): void {
	owedBytes += HEAP_BYTES_PER_BYTE_READ * bytesRead;
	while (owedBytes >= SLAB_BYTES) {
		latestSlab = SLAB.slice();
		owedBytes -= SLAB_BYTES;
	}
}
