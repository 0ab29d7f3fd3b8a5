/**
 * The benchmark tool: {@code bench s3} measures any S3 endpoint, {@code bench compare}
 * ({@link io.stratus.bench.compare}) runs the same workload against Stratus, S3Proxy and the raw
 * disk on one machine and checks the targets.
 *
 * <p>How it stays out of the way of the server it measures (which shares the cores):
 * <ul>
 *   <li>One thread and one keep-alive connection per concurrent client; our own HTTP/1.1 client on
 *       blocking NIO with direct buffers ({@link io.stratus.bench.http.HttpConnection}): bodies go
 *       from one shared random buffer to the socket and from the socket to a reused buffer, never
 *       through the Java heap.</li>
 *   <li>SigV4 with UNSIGNED-PAYLOAD (nothing is hashed on the client); GET and HEAD heads are
 *       signed once per key and reused for minutes; PUT and DELETE heads cost one signature.</li>
 *   <li>Latencies go to per-thread fixed-size histogram arrays, merged after the step.</li>
 *   <li>Every row reports the client's own CPU next to the server's, so a saturated client shows.</li>
 * </ul>
 *
 * <p>A step runs for its duration; operations in flight at the end finish and count, and the
 * step's time runs until the last one ends. Failed requests are counted as errors, not in rates.
 */
package io.stratus.bench;
