package io.stratus.server.s3;

import static io.stratus.server.s3.IdentityClients.basic;
import static io.stratus.server.s3.IdentityClients.failure;
import static io.stratus.server.s3.IdentityClients.session;
import static io.stratus.server.s3.IdentityClients.sts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.PermissionsBoundaryAttachmentType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** IAM list paging with the SDK's paginators, and permissions boundaries set over the API narrowing S3 access. */
class TestIamPagingAndBoundaries extends S3TestBase {
    private static IamClient iam() {
        return IdentityClients.iam(endpoint(), basic(ACCESS_KEY, SECRET_KEY));
    }

    @Test
    void paginatorsWalkEveryPage() throws Exception {
        try (IamClient iam = iam()) {
            List<String> created = IntStream.range(0, 250).mapToObj(i -> String.format("pager-%03d", i)).toList();
            // Several at a time: each creation is a synced write, and the test is about reading them back.
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (Future<?> done : pool.invokeAll(created.stream().<Callable<Object>>map(name ->
                        () -> iam.createUser(b -> b.userName(name).path("/paging/"))).toList())) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }

            List<ListUsersResponse> pages = iam.listUsersPaginator(b -> b.pathPrefix("/paging/")).stream().toList();
            assertThat(pages).hasSize(3);
            assertThat(pages.get(0).users()).hasSize(100);
            assertThat(pages.get(0).isTruncated()).isTrue();
            assertThat(pages.get(2).isTruncated()).isFalse();
            assertThat(pages.stream().flatMap(p -> p.users().stream()).map(User::userName).toList())
                    .containsExactlyElementsOf(created);
            assertThat(iam.listUsers(b -> b.pathPrefix("/paging/").maxItems(1000)).users()).hasSize(250);

            iam.createGroup(b -> b.groupName("pagers"));
            created.subList(0, 23).forEach(name -> iam.addUserToGroup(b -> b.groupName("pagers").userName(name)));
            assertThat(iam.getGroupPaginator(b -> b.groupName("pagers").maxItems(5)).users().stream()
                    .map(User::userName).toList()).containsExactlyElementsOf(created.subList(0, 23));
            assertThat(iam.getGroupPaginator(b -> b.groupName("pagers").maxItems(5)).stream()).hasSize(5);

            for (int i = 0; i < 3; i++) {
                String name = "paged-policy-" + i;
                iam.createPolicy(b -> b.policyName(name).policyDocument("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""));
                iam.putUserPolicy(b -> b.userName("pager-000").policyName(name).policyDocument("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""));
            }
            assertThat(iam.listPoliciesPaginator(b -> b.maxItems(2)).policies().stream()
                    .filter(p -> p.policyName().startsWith("paged-policy-")).count()).isEqualTo(3);
            assertThat(iam.listUserPoliciesPaginator(b -> b.userName("pager-000").maxItems(1)).policyNames().stream()
                    .toList()).containsExactly("paged-policy-0", "paged-policy-1", "paged-policy-2");
        }
    }

    @Test
    void invalidPagingParametersAreValidationErrors() {
        try (IamClient iam = iam()) {
            assertThat(failure(() -> iam.listUsers(b -> b.maxItems(0)))).isEqualTo("ValidationError/400");
            assertThat(failure(() -> iam.listUsers(b -> b.maxItems(1001)))).isEqualTo("ValidationError/400");
            assertThat(failure(() -> iam.listRoles(b -> b.marker("*not a marker*")))).isEqualTo("ValidationError/400");
        }
    }

    @Test
    void userPermissionsBoundaryNarrowsS3AccessUntilRemoved() {
        String bucket = newBucket();
        put(bucket, "readme.txt", "hello");
        try (IamClient iam = iam()) {
            String readOnly = iam.createPolicy(b -> b.policyName("boundary-read-only").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
                     "Resource":"*"}]}""")).policy().arn();
            iam.createUser(b -> b.userName("bounded").permissionsBoundary(readOnly));
            iam.attachUserPolicy(b -> b.userName("bounded").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
            var boundary = iam.getUser(b -> b.userName("bounded")).user().permissionsBoundary();
            assertThat(boundary.permissionsBoundaryArn()).isEqualTo(readOnly);
            assertThat(boundary.permissionsBoundaryType()).isEqualTo(PermissionsBoundaryAttachmentType.PERMISSIONS_BOUNDARY_POLICY);
            AccessKey key = iam.createAccessKey(b -> b.userName("bounded")).accessKey();
            try (S3Client user = IdentityClients.s3(endpoint(), basic(key.accessKeyId(), key.secretAccessKey()))) {
                assertThat(user.getObjectAsBytes(b -> b.bucket(bucket).key("readme.txt")).asUtf8String()).isEqualTo("hello");
                assertThat(failure(() -> user.putObject(b -> b.bucket(bucket).key("new.txt"), RequestBody.fromString("x"))))
                        .isEqualTo("AccessDenied/403");
                assertThat(failure(() -> iam.deletePolicy(b -> b.policyArn(readOnly)))).isEqualTo("DeleteConflict/409");

                iam.deleteUserPermissionsBoundary(b -> b.userName("bounded"));
                assertThat(iam.getUser(b -> b.userName("bounded")).user().permissionsBoundary()).isNull();
                user.putObject(b -> b.bucket(bucket).key("new.txt"), RequestBody.fromString("x"));

                iam.putUserPermissionsBoundary(b -> b.userName("bounded").permissionsBoundary(readOnly));
                assertThat(failure(() -> user.deleteObject(b -> b.bucket(bucket).key("new.txt"))))
                        .isEqualTo("AccessDenied/403");
            }
            assertThat(failure(() -> iam.putUserPermissionsBoundary(b -> b.userName("bounded")
                    .permissionsBoundary("arn:aws:iam::000000000000:policy/no-such-policy")))).isEqualTo("NoSuchEntity/404");
        }
        assertThat(get(bucket, "new.txt")).isEqualTo("x");
    }

    @Test
    void rolePermissionsBoundaryNarrowsItsSessions() {
        String bucket = newBucket();
        try (IamClient iam = iam()) {
            String writeOnly = iam.createPolicy(b -> b.policyName("boundary-put-only").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"""))
                    .policy().arn();
            String roleArn = iam.createRole(b -> b.roleName("bounded-role").permissionsBoundary(writeOnly)
                    .assumeRolePolicyDocument("""
                            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},
                             "Action":"sts:AssumeRole"}]}""")).role().arn();
            iam.attachRolePolicy(b -> b.roleName("bounded-role").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
            assertThat(iam.getRole(b -> b.roleName("bounded-role")).role().permissionsBoundary().permissionsBoundaryArn())
                    .isEqualTo(writeOnly);
            iam.createUser(b -> b.userName("assumer"));
            iam.putUserPolicy(b -> b.userName("assumer").policyName("assume").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"""));
            AccessKey key = iam.createAccessKey(b -> b.userName("assumer")).accessKey();
            try (StsClient assumer = sts(endpoint(), basic(key.accessKeyId(), key.secretAccessKey()))) {
                var assumed = assumer.assumeRole(b -> b.roleArn(roleArn).roleSessionName("bounded")).credentials();
                try (S3Client role = IdentityClients.s3(endpoint(), session(assumed))) {
                    role.putObject(b -> b.bucket(bucket).key("drop.txt"), RequestBody.fromString("dropped"));
                    assertThat(failure(() -> role.getObject(b -> b.bucket(bucket).key("drop.txt"))))
                            .isEqualTo("AccessDenied/403");
                    iam.deleteRolePermissionsBoundary(b -> b.roleName("bounded-role"));
                    assertThat(role.getObjectAsBytes(b -> b.bucket(bucket).key("drop.txt")).asUtf8String())
                            .isEqualTo("dropped");
                }
            }
        }
    }
}
