package io.stratus.storage;

import static io.stratus.storage.StorageTesting.concat;
import static io.stratus.storage.StorageTesting.crc32cBase64;
import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.filesUnder;
import static io.stratus.storage.StorageTesting.md5Hex;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static io.stratus.storage.TestObjectStore.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMultipart {
    private static final int MIB = 1024 * 1024;
    private static final ChecksumValue.ChecksumType COMPOSITE = ChecksumValue.ChecksumType.COMPOSITE;

    @TempDir
    Path dir;
    private LocalStorageEngine engine;
    private MultipartStore multipart;

    @BeforeEach
    void setUp() throws Exception {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        engine.buckets().create("b", "us-east-1");
        multipart = engine.multipart();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void uploadReplaceListAndCompleteWithoutCopyingData() throws Exception {
        ObjectMetadata metadata = new ObjectMetadata(Map.of("content-type", "video/mp4"), Map.of("m", "1"), Map.of());
        MultipartUpload upload = multipart.create("b", "movie", metadata, ChecksumAlgorithm.CRC32C, COMPOSITE);
        assertThat(upload.uploadId()).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(multipart.get("b", "movie", upload.uploadId())).isEqualTo(upload);

        byte[] part1 = randomBytes(MIB + MIB / 2, 1);
        byte[] part2old = randomBytes(2 * MIB, 2);
        byte[] part2 = randomBytes(2 * MIB + 3, 3);
        byte[] part3 = randomBytes(100, 4);
        PartInfo info1 = uploadPart(upload, 1, part1);
        Set<String> part1File = dataFiles(engine, dir);
        uploadPart(upload, 2, part2old);
        Set<String> beforeReplace = dataFiles(engine, dir);
        PartInfo info2 = uploadPart(upload, 2, part2);
        // Replacing part 2 deleted its old file and kept part 1's.
        Set<String> afterReplace = dataFiles(engine, dir);
        assertThat(afterReplace).hasSize(2).containsAll(part1File).doesNotContainAnyElementsOf(
                beforeReplace.stream().filter(f -> !part1File.contains(f)).toList());
        PartInfo info3 = uploadPart(upload, 3, part3);
        // Parts are files even when small.
        assertThat(dataFiles(engine, dir)).hasSize(3);
        assertThat(info1.etag()).isEqualTo(md5Hex(part1));
        assertThat(info1.checksum()).isEqualTo(new ChecksumValue(ChecksumAlgorithm.CRC32C, crc32cBase64(part1), ChecksumValue.ChecksumType.FULL_OBJECT));

        assertThat(multipart.listParts("b", "movie", upload.uploadId(), 0, 10)).containsExactly(info1, info2, info3);
        assertThat(multipart.listParts("b", "movie", upload.uploadId(), 1, 1)).containsExactly(info2);

        Set<String> beforeComplete = dataFiles(engine, dir);
        ObjectInfo object = multipart.complete("b", "movie", upload.uploadId(), List.of(1, 2, 3), "abc-3",
                new ChecksumValue(ChecksumAlgorithm.CRC32C, "AAAAAA==-3", COMPOSITE), WriteCondition.NONE);
        assertThat(dataFiles(engine, dir)).isEqualTo(beforeComplete);

        byte[] whole = concat(part1, part2, part3);
        assertThat(object.size()).isEqualTo(whole.length);
        assertThat(object.etag()).isEqualTo("abc-3");
        assertThat(object.metadata()).isEqualTo(metadata);
        assertThat(object.parts()).containsExactly(info1, info2, info3);
        assertThat(engine.objects().head("b", "movie")).isEqualTo(object);
        assertThat(read(engine, "b", "movie")).isEqualTo(whole);
        // A range across both part boundaries.
        int from = part1.length - 10;
        int to = part1.length + part2.length + 50;
        assertThat(read(engine, "b", "movie", from, to - from)).isEqualTo(Arrays.copyOfRange(whole, from, to));
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(1, whole.length));

        assertThatThrownBy(() -> multipart.get("b", "movie", upload.uploadId())).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThat(multipart.listUploads("b", null, null, null, null, 10).uploads()).isEmpty();

        engine.objects().delete("b", "movie");
        assertThat(dataFiles(engine, dir)).isEmpty();
    }

    @Test
    void completeDropsUnnamedPartsAndReplacesTheObject() throws Exception {
        put(engine, "b", "k", randomBytes(500_000, 5));
        Set<String> oldObjectFiles = dataFiles(engine, dir);
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        byte[][] parts = {randomBytes(1000, 6), randomBytes(2000, 7), randomBytes(3000, 8), randomBytes(4000, 9)};
        for (int i = 0; i < parts.length; i++) {
            uploadPart(upload, i + 1, parts[i]);
        }
        ObjectInfo info = multipart.complete("b", "k", upload.uploadId(), List.of(1, 3), "x-2", null, WriteCondition.NONE);
        assertThat(info.parts()).extracting(PartInfo::partNumber).containsExactly(1, 3);
        assertThat(info.parts().get(0).checksum()).isNull();
        assertThat(read(engine, "b", "k")).isEqualTo(concat(parts[0], parts[2]));
        assertThat(dataFiles(engine, dir)).hasSize(2).doesNotContainAnyElementsOf(oldObjectFiles);
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(1, 4000));
    }

    @Test
    void completeChecksTheWriteCondition() throws Exception {
        put(engine, "b", "k", new byte[] {1});
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        uploadPart(upload, 1, randomBytes(10, 10));
        assertThatThrownBy(() -> multipart.complete("b", "k", upload.uploadId(), List.of(1), "e-1", null, new WriteCondition(true, null)))
                .satisfies(e -> assertError(e, StorageError.PRECONDITION_FAILED));
        assertThat(read(engine, "b", "k")).containsExactly(1);
        // The upload is untouched and can still complete.
        multipart.complete("b", "k", upload.uploadId(), List.of(1), "e-1", null, WriteCondition.NONE);
        assertThat(read(engine, "b", "k")).hasSize(10);
    }

    @Test
    void completeRejectsPartsThatWereNeverUploaded() throws Exception {
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        uploadPart(upload, 1, randomBytes(10, 11));
        assertThatThrownBy(() -> multipart.complete("b", "k", upload.uploadId(), List.of(1, 2), "e", null, WriteCondition.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multipart.complete("b", "k", upload.uploadId(), List.of(1, 1), "e", null, WriteCondition.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(multipart.listParts("b", "k", upload.uploadId(), 0, 10)).hasSize(1);
    }

    @Test
    void abortDeletesPartsAndTheirFiles() throws Exception {
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        uploadPart(upload, 1, randomBytes(300_000, 12));
        uploadPart(upload, 2, randomBytes(10, 13));
        assertThat(dataFiles(engine, dir)).hasSize(2);
        multipart.abort("b", "k", upload.uploadId());
        assertThat(dataFiles(engine, dir)).isEmpty();
        assertThatThrownBy(() -> multipart.abort("b", "k", upload.uploadId())).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThatThrownBy(() -> multipart.listParts("b", "k", upload.uploadId(), 0, 10)).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThatThrownBy(() -> uploadPart(upload, 3, new byte[1])).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    @Test
    void unknownOrMisaddressedUploadsAreNoSuchUpload() throws Exception {
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        assertThatThrownBy(() -> multipart.get("b", "other-key", upload.uploadId())).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThatThrownBy(() -> multipart.get("b", "k", "not-an-upload")).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        // A well-formed id that names no upload: one character changed (always to a different one).
        String id = upload.uploadId();
        String otherId = id.substring(0, 31) + (id.charAt(31) == '-' ? 'A' : '-') + id.substring(32);
        assertThatThrownBy(() -> multipart.get("b", "k", otherId)).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThatThrownBy(() -> multipart.create("nope", "k", ObjectMetadata.empty(), null, null))
                .satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
    }

    @Test
    void failedPartWritesLeaveNothingBehind() throws Exception {
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), ChecksumAlgorithm.SHA256, ChecksumValue.ChecksumType.COMPOSITE);
        IllegalStateException failure = new IllegalStateException("checksum mismatch");
        assertThatThrownBy(() -> multipart.uploadPart("b", "k", upload.uploadId(), 1, new ByteArrayInputStream(new byte[100]), 100,
                digests -> {
                    throw failure;
                })).isSameAs(failure);
        assertThatThrownBy(() -> multipart.uploadPart("b", "k", upload.uploadId(), 1, new ByteArrayInputStream(new byte[100]), 101,
                PreCommitCheck.NONE)).satisfies(e -> assertError(e, StorageError.INCOMPLETE_BODY));
        assertThat(multipart.listParts("b", "k", upload.uploadId(), 0, 10)).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
        assertThat(filesUnder(dir, "tmp")).isEmpty();
    }

    @Test
    void listUploadsOrdersByKeyThenInitiationAndRollsUpPrefixes() throws Exception {
        MultipartUpload b1 = multipart.create("b", "b", ObjectMetadata.empty(), null, null);
        MultipartUpload a1 = multipart.create("b", "a", ObjectMetadata.empty(), null, null);
        MultipartUpload a2 = multipart.create("b", "a", ObjectMetadata.empty(), null, null);
        MultipartUpload b2 = multipart.create("b", "b", ObjectMetadata.empty(), null, null);
        MultipartUpload dir1 = multipart.create("b", "dir/1", ObjectMetadata.empty(), null, null);
        multipart.create("b", "dir/2", ObjectMetadata.empty(), null, null);
        MultipartUpload ab = multipart.create("b", "ab", ObjectMetadata.empty(), null, null);

        UploadListing all = multipart.listUploads("b", null, null, null, null, 100);
        assertThat(all.uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(a1.uploadId(), a2.uploadId(), ab.uploadId(), b1.uploadId(), b2.uploadId(), dir1.uploadId(),
                        all.uploads().get(6).uploadId());
        assertThat(all.truncated()).isFalse();

        UploadListing rolled = multipart.listUploads("b", null, "/", null, null, 100);
        assertThat(rolled.uploads()).hasSize(5);
        assertThat(rolled.commonPrefixes()).containsExactly("dir/");

        UploadListing page1 = multipart.listUploads("b", null, null, null, null, 2);
        assertThat(page1.uploads()).containsExactly(a1, a2);
        assertThat(page1.truncated()).isTrue();
        assertThat(page1.nextKeyMarker()).isEqualTo("a");
        assertThat(page1.nextUploadIdMarker()).isEqualTo(a2.uploadId());
        UploadListing page2 = multipart.listUploads("b", null, null, "a", a1.uploadId(), 2);
        assertThat(page2.uploads()).containsExactly(a2, ab);
        UploadListing afterKey = multipart.listUploads("b", null, null, "a", null, 2);
        assertThat(afterKey.uploads()).containsExactly(ab, b1);

        UploadListing prefixed = multipart.listUploads("b", "dir/", null, null, null, 1);
        assertThat(prefixed.uploads()).containsExactly(dir1);
        assertThat(prefixed.truncated()).isTrue();
        UploadListing prefixPage = multipart.listUploads("b", null, "/", "b", null, 1);
        assertThat(prefixPage.commonPrefixes()).containsExactly("dir/");
        assertThat(prefixPage.nextKeyMarker()).isEqualTo("dir/");
        assertThat(multipart.listUploads("b", null, "/", "dir/", null, 10).uploads()).isEmpty();
    }

    @Test
    void uploadsSurviveARestart() throws Exception {
        MultipartUpload upload = multipart.create("b", "k", ObjectMetadata.empty(), null, null);
        byte[] part = randomBytes(200_000, 14);
        uploadPart(upload, 1, part);
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        multipart = engine.multipart();
        assertThat(engine.orphanSweep().get()).isZero();
        assertThat(multipart.get("b", "k", upload.uploadId())).isEqualTo(upload);
        multipart.complete("b", "k", upload.uploadId(), List.of(1), "e-1", null, WriteCondition.NONE);
        assertThat(read(engine, "b", "k")).isEqualTo(part);
    }

    private PartInfo uploadPart(MultipartUpload upload, int number, byte[] bytes) throws Exception {
        return multipart.uploadPart(upload.bucket(), upload.key(), upload.uploadId(), number,
                new ByteArrayInputStream(bytes), bytes.length, PreCommitCheck.NONE);
    }
}
