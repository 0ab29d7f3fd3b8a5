package io.stratus.auth;

/** What a chunk signature chain starts from: the request's signing key, timestamp, scope and signature. */
record StreamingSeed(byte[] signingKey, String amzDate, String scope, String seedSignature) {
}
