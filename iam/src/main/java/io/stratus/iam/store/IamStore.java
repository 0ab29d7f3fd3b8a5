package io.stratus.iam.store;

import static java.util.Objects.requireNonNull;

import io.stratus.iam.policy.PolicyParser;
import io.stratus.kv.KvStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * IAM entities and bucket policies in their own RocksDB under {@code <data-dir>/iam}, one store per
 * entity ({@link #users()}, {@link #groups()}, {@link #roles()}, {@link #policies()}) over shared
 * tables ({@link IamTables} documents the key layouts).
 *
 * <p>STS sessions are not stored: a session token carries its own claims, sealed
 * ({@link io.stratus.iam.sts.TokenSealer}). Data directories written before that hold an unused
 * {@code sts_sessions} column family, which is opened and left alone.
 */
public final class IamStore implements AutoCloseable {
    private final KvStore kv;
    private final IamTables tables;
    private final PolicyStore policies;
    private final UserStore users;
    private final GroupStore groups;
    private final RoleStore roles;

    public IamStore(Path directory, String accountId, Clock clock) {
        this.kv = KvStore.open(requireNonNull(directory, "directory is null"), IamTables.ALL);
        this.tables = new IamTables(kv, accountId, clock);
        this.policies = new PolicyStore(tables);
        this.users = new UserStore(tables, policies);
        this.groups = new GroupStore(tables, users, policies);
        this.roles = new RoleStore(tables, policies);
    }

    public String accountId() {
        return tables.accountId();
    }

    public UserStore users() {
        return users;
    }

    public GroupStore groups() {
        return groups;
    }

    public RoleStore roles() {
        return roles;
    }

    public PolicyStore policies() {
        return policies;
    }

    /** Stores a bucket policy; the caller has validated it ({@link PolicyParser.Kind#RESOURCE}). */
    public void putBucketPolicy(String bucket, String policyJson) {
        tables.putText(IamTables.BUCKET_POLICIES, bucket, policyJson);
    }

    public Optional<String> findBucketPolicy(String bucket) {
        return tables.getText(IamTables.BUCKET_POLICIES, bucket);
    }

    public void deleteBucketPolicy(String bucket) {
        tables.delete(IamTables.BUCKET_POLICIES, bucket);
    }

    @Override
    public void close() {
        kv.close();
    }
}
