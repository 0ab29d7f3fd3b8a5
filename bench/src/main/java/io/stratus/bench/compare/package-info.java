/**
 * {@code bench compare}: the raw-disk baseline (write+fsync, page-cache read), the loopback HTTP
 * ceiling, then Stratus and S3Proxy 2.6.0 (filesystem backend) each started fresh on a temp data
 * directory and a free port, one after the other, with the same workload; then the side-by-side
 * ratios and the targets of issue 5 ({@link io.stratus.bench.compare.Comparison}).
 */
package io.stratus.bench.compare;
