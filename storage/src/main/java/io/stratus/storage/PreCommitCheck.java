package io.stratus.storage;

/**
 * Runs after the whole body was read and hashed, and before the write commits. Throwing anything
 * aborts the write: nothing is stored, the exception propagates unchanged to the caller. This is
 * where the protocol layer compares client-sent Content-MD5 and checksums (including values from
 * aws-chunked trailers that only exist once the body has ended).
 */
@FunctionalInterface
public interface PreCommitCheck {
    PreCommitCheck NONE = digests -> { };

    void verify(ComputedDigests digests) throws Exception;
}
