package io.stratus.iam.store;

import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.PolicyVersion;
import java.util.List;
import java.util.Optional;

/** The few AWS managed policies that tools expect to attach by ARN, with AWS's documents. */
final class AwsManagedPolicies {
    private static final String PREFIX = "arn:aws:iam::aws:policy/";
    private static final List<ManagedPolicy> ALL = List.of(
            policy("AdministratorAccess", "ANPAIWMBCKSKIEE64ZLYK",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"),
            policy("AmazonS3FullAccess", "ANPAIFIR6V6BVTRAHWINE",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"s3-object-lambda:*\"],\"Resource\":\"*\"}]}"),
            policy("AmazonS3ReadOnlyAccess", "ANPAIZTJ4DXE7G6AGAE6M",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"s3:List*\",\"s3:Describe*\",\"s3-object-lambda:Get*\",\"s3-object-lambda:List*\"],\"Resource\":\"*\"}]}"),
            policy("IAMFullAccess", "ANPAI7XKCFMBPM3QQRRVQ",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\",\"organizations:DescribeAccount\",\"organizations:DescribeOrganization\",\"organizations:DescribeOrganizationalUnit\",\"organizations:DescribePolicy\",\"organizations:ListChildren\",\"organizations:ListParents\",\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\",\"organizations:ListPolicies\",\"organizations:ListTargetsForPolicy\"],\"Resource\":\"*\"}]}"));

    private AwsManagedPolicies() {}

    private static ManagedPolicy policy(String name, String id, String document) {
        String created = "2015-02-06T18:40:00Z";
        return new ManagedPolicy(name, id, PREFIX + name, "/", null, created, created, "v1", 2,
                List.of(new PolicyVersion("v1", document, created)), 0, 0);
    }

    static boolean isAwsManaged(String arn) {
        return arn.startsWith(PREFIX);
    }

    static Optional<ManagedPolicy> find(String arn) {
        return ALL.stream().filter(p -> p.arn().equals(arn)).findFirst();
    }

    static List<ManagedPolicy> all() {
        return ALL;
    }
}
