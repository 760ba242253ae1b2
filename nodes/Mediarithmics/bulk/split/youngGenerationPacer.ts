/**
 * Keeps V8's minor collections (scavenges) coming while a large input streams
 * through the node, so that the chunks already read are freed as they go.
 *
 * Why: every chunk n8n hands over (its binary store's file reads, a
 * download's socket reads) is a fresh Buffer whose bytes live outside V8's
 * heap; they are freed only when the small Buffer object on the heap is
 * collected. While streaming, the node allocates almost nothing on the heap,
 * so no scavenge runs and the dead chunks pile up until V8's limit for
 * memory outside the heap, where V8 marks n8n's whole (large) heap to free
 * them: a costly full mark, repeated through a large upload.
 *
 * So for every byte read the node allocates a few bytes of short-lived heap
 * objects: V8 scavenges when its young generation is full, well before the
 * outside-heap limit, and a scavenge costs only the few objects still alive.
 * The ratio is chosen for the largest young generation n8n's process grows;
 * the allocations cost far less than the full marks they avoid (figures:
 * bench/README.md, "The young-generation pacer" and "Large file: where the
 * time goes"). A community node has no other lever: it cannot read n8n's
 * store into reused buffers (no `fs`), call the collector, or set n8n's heap
 * flags.
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
