/** A minimal keep-alive HTTP/1.1 client for load generation: no per-request body buffers, no heap copies. */
package io.stratus.bench.http;
